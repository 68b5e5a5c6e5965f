//! Every scenario field changes something a user can see (issue 14, item
//! 2): for each field of the model, of a condition and of every task kind,
//! a short run (≤ 300 trials or a few model seconds, 2 seeds) with the field
//! moved off its value records something different from the same run
//! without the move. Fields that act only with an option on are moved with
//! that option on (the context column says which).

use modulab::circuit::ModelSpec;
use modulab::experiment::Experiment;
use modulab::neuromod::condition_fields;
use modulab::params::{Field, FieldKind};
use serde_json::{json, Value};

/// The digest of a run of `scenario`.
fn digest(scenario: &Value) -> Result<String, String> {
    let mut exp = Experiment::from_json(&scenario.to_string()).map_err(|e| e.to_string())?;
    exp.run_to_end();
    Ok(exp.digest())
}

/// The value at a dotted path (numbers index arrays), if any.
fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(v, |v, k| match k.parse::<usize>() {
            Ok(i) if v.is_array() => v.get(i),
            _ => v.get(k),
        })
}

/// Sets a dotted path (numbers index arrays), creating objects on the way.
fn set(v: &mut Value, path: &str, x: Value) {
    let mut cur = v;
    let parts: Vec<&str> = path.split('.').collect();
    for k in &parts[..parts.len() - 1] {
        cur = match k.parse::<usize>() {
            Ok(i) if cur.is_array() => &mut cur[i],
            _ => {
                if !cur.get(*k).is_some_and(|c| c.is_object() || c.is_array()) {
                    cur[*k] = json!({});
                }
                &mut cur[*k]
            }
        };
    }
    cur[parts[parts.len() - 1]] = x;
}

/// Valid values other than `current` for `field`, nearest first.
fn others(field: &Field, current: Option<&Value>) -> Vec<Value> {
    let num = |c: f64, int: bool| -> Vec<f64> {
        let (lo, hi) = (field.min, field.max);
        let candidates = [c * 2.0, c * 0.5, c + 1.0, c - 1.0, (lo + hi) / 2.0, lo, hi];
        candidates
            .into_iter()
            .map(|x| if int { x.round() } else { x })
            .filter(|x| *x >= lo && *x <= hi && (*x - c).abs() > 1e-9 && x.is_finite())
            .collect()
    };
    match &field.kind {
        FieldKind::Number | FieldKind::OptionalNumber => {
            let c = current.and_then(Value::as_f64).unwrap_or(field.min);
            num(c, false).into_iter().map(|x| json!(x)).collect()
        }
        FieldKind::Integer => {
            let c = current.and_then(Value::as_f64).unwrap_or(field.min);
            num(c, true).into_iter().map(|x| json!(x as i64)).collect()
        }
        FieldKind::Bool => vec![json!(!current.and_then(Value::as_bool).unwrap_or(false))],
        FieldKind::Choice { options } => options
            .iter()
            .filter(|o| current.and_then(Value::as_str) != Some(**o))
            .map(|o| json!(o))
            .collect(),
        FieldKind::ChoiceList { options, labels } => {
            // A label for every option, for the page's check boxes.
            assert_eq!(options.len(), labels.len(), "{}: labels", field.name);
            let cur: Vec<&str> = current
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            options
                .iter()
                .filter(|o| !cur.contains(o))
                .map(|o| json!([o]))
                .collect()
        }
        FieldKind::NumberList { .. } => {
            let list: Vec<f64> = current
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            let Some(first) = list.first() else {
                return Vec::new();
            };
            num(*first, false)
                .into_iter()
                .map(|x| {
                    let mut l = list.clone();
                    l[0] = x;
                    json!(l)
                })
                .collect()
        }
        FieldKind::Records { .. } => Vec::new(),
    }
}

/// The scenario with every default filled in, as the engine reads it.
fn effective(v: &Value) -> Result<Value, String> {
    let exp = Experiment::from_json(&v.to_string()).map_err(|e| e.to_string())?;
    serde_json::to_value(exp.scenario()).map_err(|e| e.to_string())
}

/// Tries each other value of `path` in `a` until one is valid; `Err` when
/// none is or when the first valid one changes nothing.
fn first_valid_move(a: &Value, path: &str, field: &Field) -> Result<(), String> {
    let full = effective(a)?;
    let candidates = others(field, get(&full, path));
    if candidates.is_empty() {
        return Ok(()); // records are covered by their own fields
    }
    let da = digest(a)?;
    let mut last = format!("{path}: no other valid value");
    let mut tried = 0;
    // The first three valid values, nearest first: one must show.
    for x in candidates {
        let mut b = a.clone();
        set(&mut b, path, x.clone());
        match digest(&b) {
            Ok(db) if db == da => {
                last = format!("{path} = {x} changes nothing");
                tried += 1;
                if tried == 3 {
                    break;
                }
            }
            Ok(_) => return Ok(()),
            Err(e) => last = format!("{path} = {x}: {e}"),
        }
    }
    Err(last)
}

/// Runs `base` with `path` moved to another valid value (after `context`
/// is applied to both arms); `Err` names what went wrong.
fn moves(base: &Value, context: &[(&str, Value)], path: &str, field: &Field) -> Result<(), String> {
    let mut a = base.clone();
    for (p, v) in context {
        set(&mut a, p, v.clone());
    }
    first_valid_move(&a, path, field)
}

/// The base run of the model and condition fields: 200 reversal trials.
fn reversal() -> Value {
    json!({"task": {"kind": "reversal", "p_good": 0.8, "p_bad": 0.2, "mode": "fixed", "period": 40, "trials": 200},
           "seeds": 2, "conditions": [{"label": "c"}]})
}

/// What a model field needs on to act: the base run and what to switch on.
fn model_context(path: &str) -> (Value, Vec<(&'static str, Value)>) {
    let two_step = json!({"task": {"kind": "two_step", "trials": 200}, "seeds": 2,
                          "model": {"model_based_weight": 0.5}});
    let compound = json!({"task": {"kind": "conditioning", "steps": 3, "cs_step": 2, "us_step": 3, "salience": [1, 1],
        "phases": [{"cues": [0, 1], "p_reward": 0.5, "trials": 60}, {"cues": [0], "p_reward": 1, "trials": 60}]}, "seeds": 2});
    let attention = json!({"task": {"kind": "attention", "cues": 4, "trials": 300}, "seeds": 2});
    let consolidation = |kind: &str| {
        vec![
            ("model.consolidation.enabled", json!(true)),
            ("model.consolidation.kind", json!(kind)),
            ("model.consolidation.sleep_every", json!(50)),
        ]
    };
    match path {
        // The switch alone: with it off, the engine refuses the settings
        // that only it reads (gated_fields_… below).
        "consolidation.enabled" => (reversal(), vec![]),
        // A replay memory small enough to overflow within the run.
        "consolidation.replay_capacity" => {
            let mut c = consolidation("fast_slow");
            c.push(("model.consolidation.replay_capacity", json!(60)));
            (reversal(), c)
        }
        "consolidation.chain_levels" | "consolidation.chain_coupling" => {
            (reversal(), consolidation("chain"))
        }
        "consolidation.trial_hours" | "consolidation.tag_threshold" => {
            (reversal(), consolidation("tag_capture"))
        }
        // New synapses form early enough to matter.
        "structure.initial" => (
            attention,
            vec![
                ("model.structure.turnover", json!(true)),
                ("model.structure.form_after", json!(2)),
                ("model.structure.prune_after", json!(5)),
            ],
        ),
        // Eligibility across steps needs trials of several steps.
        "trace_decay" | "model_based_weight" | "transition_rate" => (two_step, vec![]),
        "opal_balance" => (
            reversal(),
            vec![
                ("model.actor", json!("opal")),
                (
                    "conditions",
                    json!([{"label": "c", "dopamine": {"tonic_offset": 0.5}}]),
                ),
            ],
        ),
        // The two mappings differ once tonic NE is off baseline.
        "ne_exploration" => (
            reversal(),
            vec![(
                "conditions",
                json!([{"label": "c", "norepinephrine": {"tonic_offset": 0.5}}]),
            )],
        ),
        "volatility_prior" | "volatility_rate" | "volatility_decay" | "outcome_noise" => (
            reversal(),
            vec![("model.adaptive_learning_rate", json!(true))],
        ),
        // A task that reveals the unchosen option's outcome.
        "counterfactual" => (
            json!({"task": {"kind": "volatile", "stable_trials": 100, "volatile_trials": 100, "full_feedback": true}, "seeds": 2}),
            vec![],
        ),
        _ => match path.split('.').next().unwrap_or("") {
            "kalman" => (reversal(), vec![("model.learner", json!("kalman"))]),
            "occupancy" => (reversal(), vec![("model.occupancy.enabled", json!(true))]),
            "consolidation" => (reversal(), consolidation("fast_slow")),
            "associability" => (compound, vec![("model.associability.enabled", json!(true))]),
            "memory" => (compound, vec![("model.memory.enabled", json!(true))]),
            "structure" => (
                attention,
                vec![
                    ("model.structure.turnover", json!(true)),
                    ("model.structure.homeostasis", json!(true)),
                ],
            ),
            _ => (reversal(), vec![]),
        },
    }
}

#[test]
fn every_model_field_changes_the_recording() {
    let mut failures = Vec::new();
    for f in ModelSpec::FIELDS {
        let (base, context) = model_context(f.name);
        if let Err(e) = moves(&base, &context, &format!("model.{}", f.name), f) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_condition_field_changes_the_recording() {
    let mut failures = Vec::new();
    for f in condition_fields() {
        // A manipulation given later needs a manipulation to give.
        let context = if f.name == "from_trial" {
            vec![("conditions.0.drugs", json!(["six_ohda"]))]
        } else {
            vec![]
        };
        let mut base = reversal();
        base["conditions"] = json!([{"label": "c"}]);
        let path = format!("conditions.0.{}", f.name);
        if let Err(e) = moves_in_array(&base, &context, &path, &f) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// [`moves`] for paths through the `conditions` array (index 0).
fn moves_in_array(
    base: &Value,
    context: &[(&str, Value)],
    path: &str,
    f: &Field,
) -> Result<(), String> {
    let mut a = base.clone();
    let mut c = a["conditions"][0].clone();
    for (p, v) in context {
        set(&mut c, p.trim_start_matches("conditions.0."), v.clone());
    }
    a["conditions"] = json!([c]);
    first_valid_move(&a, path, f)
}

/// The base runs of each task kind: every preset of that kind, short
/// (≤ 300 trials, 10 model seconds, 8 navigation trials, 2 seeds, one
/// control condition).
fn task_bases(kind: &str) -> Vec<Value> {
    let dir = format!("{}/www/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let Ok(mut v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if v["task"]["kind"] != kind {
            continue;
        }
        v["seeds"] = json!(2);
        v["conditions"] = json!([{"label": "c"}]);
        let task = &mut v["task"];
        if task
            .get("trials")
            .and_then(Value::as_f64)
            .is_some_and(|t| t > 300.0)
        {
            task["trials"] = json!(300);
        }
        if task.get("duration_s").is_some() {
            task["duration_s"] = json!(10);
        }
        // A navigation trial is up to 16 s of model time: 8 trials, the
        // goal moving after 4.
        if kind == "spiking_navigation" {
            task["trials"] = json!(8);
            task["move_after"] = json!(4);
        }
        out.push(v);
    }
    assert!(!out.is_empty(), "no preset of kind {kind}");
    out
}

/// What a task field of `kind` needs on to act.
fn task_context(kind: &str, path: &str) -> Vec<(&'static str, Value)> {
    match path {
        // A short navigation run keeps its weights far below the bound;
        // starting them near it lets the bound show.
        "task.w_max" if kind == "spiking_navigation" => vec![("task.w_init", json!(4))],
        "task.sd" => vec![("task.payoff", json!("gaussian"))],
        // Cue dimensions matter when the relevant cue shifts between them.
        "task.dimensions" => vec![("task.shift", json!("extra"))],
        // The corridor's length, in corridor mode.
        "task.length" => vec![("task.mode", json!("corridor"))],
        // A bound on the random walk acts once the walk reaches it.
        "task.payoff_min" => vec![("task.payoff_min", json!(45))],
        // Coincidences are counted over a longer stretch of model time.
        "task.coincidence_ms" => vec![("task.duration_s", json!(40))],
        _ => vec![],
    }
}

/// A spiking task's `region` decides which lesion acts: a lesion of its
/// region changes the recording (plasticity removed), and once the region
/// is another, the same lesion is refused with its path, since it would
/// change nothing.
fn region_decides_the_lesion(base: &Value) -> Result<(), String> {
    let full = effective(base)?;
    let region = get(&full, "task.region")
        .and_then(Value::as_str)
        .ok_or("task.region: not a string")?
        .to_string();
    let mut lesioned = base.clone();
    lesioned["conditions"] = json!([{"label": "c", "lesions": [region]}]);
    if digest(&lesioned)? == digest(base)? {
        return Err(format!(
            "task.region = {region}: a lesion of it changes nothing"
        ));
    }
    // The bandit's critic (ventral striatum) is read whatever its region.
    let other = modulab::neuromod::Region::NAMES
        .into_iter()
        .find(|r| *r != region && *r != "ventral_striatum")
        .unwrap_or("ofc");
    let mut moved = lesioned.clone();
    set(&mut moved, "task.region", json!(other));
    match digest(&moved) {
        Err(e) if e.contains("conditions[0].lesions[0]") => Ok(()),
        Err(e) => Err(format!("task.region = {other}: {e}")),
        Ok(_) => Err(format!(
            "task.region = {other}: a lesion of {region} is still accepted"
        )),
    }
}

#[test]
fn every_task_field_changes_the_recording() {
    let mut failures = Vec::new();
    for kind in modulab::tasks::TASK_KINDS {
        let bases = task_bases(kind);
        let fields = modulab::tasks::fields_of(kind).unwrap_or(&[]);
        for f in fields {
            let path = format!("task.{}", f.name);
            let context = task_context(kind, &path);
            let results: Vec<Result<(), String>> = if path == "task.region" {
                bases.iter().map(region_decides_the_lesion).collect()
            } else {
                bases.iter().map(|b| moves(b, &context, &path, f)).collect()
            };
            if let Some(Err(e)) = results.iter().find(|_| results.iter().all(Result::is_err)) {
                failures.push(format!("{kind}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A value of the deciding field that closes `gate` (an option it does not
/// name, the other flag, 0 for `>0`), given the fields that describe it.
fn closing(gate: &modulab::params::Gate, fields: &[Field]) -> Option<Value> {
    if gate.is.contains(&">0") {
        return Some(json!(0));
    }
    let f = fields.iter().find(|f| f.name == gate.field)?;
    match f.kind {
        FieldKind::Bool => Some(json!(!gate.is.contains(&"true"))),
        FieldKind::Choice { options } => options
            .iter()
            .find(|o| !gate.is.contains(o))
            .map(|o| json!(o)),
        _ => None,
    }
}

/// One gated field with its gate closed: moving it is refused with its path
/// and the gate named, `drop_unread` removes it (and the rest is accepted),
/// the page is told it is unread, and, run without validation, the move
/// changes no number (the gate is true to the model).
fn closed_gate(base: &Value, prefix: &str, fields: &[Field], f: &Field) -> Result<(), String> {
    let path = format!("{prefix}.{}", f.name);
    let gate = &f.read_when[0];
    let mut a = base.clone();
    let close = closing(gate, fields).ok_or(format!("{path}: no value closes {}", gate.field))?;
    set(&mut a, &format!("{prefix}.{}", gate.field), close);
    let full = effective(&a).map_err(|e| format!("{path} (gate closed): {e}"))?;
    if !modulab::scenario::unread_fields(&a).contains(&path) {
        return Err(format!(
            "{path}: not listed as unread with {} closed",
            gate.field
        ));
    }
    let run = |v: &Value| -> Result<String, String> {
        let s: modulab::scenario::Scenario =
            serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
        let mut exp = Experiment::new(s);
        exp.run_to_end();
        Ok(exp.digest())
    };
    let da = run(&a)?;
    let mut tried = 0;
    for x in others(f, get(&full, &path)).into_iter().take(3) {
        let mut b = a.clone();
        set(&mut b, &path, x.clone());
        let refused = match Experiment::from_json(&b.to_string()) {
            Ok(_) => return Err(format!("{path} = {x}: accepted with {} closed", gate.field)),
            Err(e) => e.errors.iter().any(|fe| {
                format!(
                    "{prefix}.{}",
                    fe.path.trim_start_matches(&format!("{prefix}."))
                ) == path
                    && fe.message.contains("is read only when")
                    && fe.message.contains(gate.field)
            }),
        };
        if !refused {
            return Err(format!(
                "{path} = {x}: refused without naming it and its gate"
            ));
        }
        let mut dropped = b.clone();
        let names = modulab::scenario::drop_unread(&mut dropped).map_err(|e| e.to_string())?;
        if !names.contains(&path) || Experiment::from_json(&dropped.to_string()).is_err() {
            return Err(format!("{path} = {x}: drop_unread gave {names:?}"));
        }
        if run(&b)? != da {
            return Err(format!(
                "{path} = {x} changes the numbers with {} closed",
                gate.field
            ));
        }
        tried += 1;
    }
    if tried == 0 {
        return Err(format!("{path}: no other value to try"));
    }
    Ok(())
}

/// Fields read only in some modes (a gate: delay's mode, the bandit's
/// payoff, a model switch, an empty block) change nothing with the gate
/// closed: the engine refuses them there, names the gate, and the page
/// hides them. Checked against the model itself by running the move
/// without validation.
#[test]
fn gated_fields_change_nothing_with_their_gate_closed_and_are_refused() {
    let mut failures = Vec::new();
    let mut gated = 0;
    for f in ModelSpec::FIELDS.iter().filter(|f| !f.read_when.is_empty()) {
        gated += 1;
        if let Err(e) = closed_gate(&reversal(), "model", ModelSpec::FIELDS, f) {
            failures.push(e);
        }
    }
    for kind in modulab::tasks::TASK_KINDS {
        let fields = modulab::tasks::fields_of(kind).unwrap_or(&[]);
        let base = &task_bases(kind)[0];
        for f in fields.iter().filter(|f| !f.read_when.is_empty()) {
            gated += 1;
            if let Err(e) = closed_gate(base, "task", fields, f) {
                failures.push(format!("{kind}: {e}"));
            }
        }
    }
    assert!(gated >= 45, "only {gated} gated fields");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The digest of `v` run without validation (a field validation refuses is
/// then run as written).
fn run_unvalidated(v: &Value) -> Result<String, String> {
    let s: modulab::scenario::Scenario =
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
    let mut exp = Experiment::new(s);
    exp.run_to_end();
    Ok(exp.digest())
}

/// Model fields only some tasks read (`ModelSpec::READ_BY_TASKS`: the
/// actor's and the planner's without a choice, λ with one-step trials,
/// fictive learning where no unchosen outcome is revealed) change nothing
/// on the other tasks: run without validation on every preset of such a
/// task, a moved value gives the same digest; validation refuses it with
/// its path, the page is told it is unread, and `drop_unread` removes it.
#[test]
fn model_fields_a_task_does_not_read_change_nothing_there_and_are_refused() {
    let mut failures = Vec::new();
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    for kind in modulab::tasks::TASK_KINDS {
        for preset in task_bases(kind) {
            for (name, _) in ModelSpec::READ_BY_TASKS {
                let path = format!("model.{name}");
                // With what the field needs elsewhere to act switched on
                // (the OpAL actor and tonic dopamine for its balance, the
                // planner's weight for its transition rate).
                let mut base = preset.clone();
                let (_, mut context) = model_context(name);
                if *name == "transition_rate" {
                    context.push(("model.model_based_weight", json!(0.5)));
                }
                for (p, v) in context {
                    set(&mut base, p, v);
                }
                if !modulab::scenario::unread_fields(&base).contains(&path) {
                    continue;
                }
                let Some(f) = ModelSpec::FIELDS.iter().find(|f| f.name == *name) else {
                    failures.push(format!("{path}: not a model field"));
                    continue;
                };
                // The value as the run reads it (the context may leave the
                // scenario one validation refuses).
                let full = match effective(&preset) {
                    Ok(v) => v,
                    Err(e) => {
                        failures.push(format!("{kind}: {e}"));
                        continue;
                    }
                };
                let da = run_unvalidated(&base);
                let current = get(&base, &path).or_else(|| get(&full, &path));
                for x in others(f, current).into_iter().take(3) {
                    let mut b = base.clone();
                    set(&mut b, &path, x.clone());
                    let refused = Experiment::from_json(&b.to_string())
                        .err()
                        .is_some_and(|e| {
                            e.errors
                                .iter()
                                .any(|fe| fe.path == path && fe.message.contains("is read only"))
                        });
                    if !refused {
                        failures.push(format!("{kind}: {path} = {x}: not refused with its path"));
                    }
                    let mut dropped = b.clone();
                    let names = modulab::scenario::drop_unread(&mut dropped).unwrap_or_default();
                    if !names.contains(&path)
                        || Experiment::from_json(&dropped.to_string()).is_err()
                    {
                        failures.push(format!("{kind}: {path} = {x}: drop_unread gave {names:?}"));
                    }
                    if run_unvalidated(&b) != da {
                        failures.push(format!("{kind}: {path} = {x} changes the numbers"));
                    }
                    *checked.entry(name).or_default() += 1;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Every such field is unread by some task kind, and was tried there.
    for (name, _) in ModelSpec::READ_BY_TASKS {
        assert!(
            checked.get(name).is_some_and(|n| *n > 0),
            "{name} never checked: {checked:?}"
        );
    }
}
