//! The `modulab` command: exit codes, messages and output.

use std::process::Command;

fn modulab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_modulab"))
        .args(args)
        .output()
        .expect("modulab runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("modulab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn validate_ok_prints_a_summary() {
    let p = temp_file("ok.json", r#"{"task": {"kind": "bandit"}, "seeds": 3}"#);
    let (code, out, _) = modulab(&["validate", p.to_str().expect("utf8")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("bandit task, 300 trials, 1 condition(s) × 3 seed(s)"),
        "{out}"
    );
}

#[test]
fn validate_bad_exits_2_naming_file_and_field() {
    let p = temp_file(
        "bad.json",
        r#"{"task": {"kind": "bandit", "p_reward": [0.5, 2]}}"#,
    );
    let (code, _, err) = modulab(&["validate", p.to_str().expect("utf8")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json: task.p_reward[1]: must be within [0, 1], got 2"),
        "{err}"
    );
    let (code, _, err) = modulab(&["validate", "/nonexistent/x.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("x.json"), "{err}");
    let p = temp_file("bin.json", "\u{0}\u{1}");
    let (code, _, _) = modulab(&["validate", p.to_str().expect("utf8")]);
    assert_eq!(code, 2);
}

/// Found by the CLI audit: `validate` and `metrics` said a broken results
/// file was fine (they read only its scenario) while `figure` refused it;
/// and a bad scenario inside one was named without its `scenario.` path.
/// Both now read a results file whole, as `figure` does.
#[test]
fn validate_and_metrics_read_a_results_file_whole() {
    let scenario = temp_file(
        "whole.json",
        r#"{"task": {"kind": "bandit", "trials": 20}, "seeds": 2}"#,
    );
    let results = std::env::temp_dir().join(format!("modulab-whole-{}.json", std::process::id()));
    let (code, _, err) = modulab(&["run", s(&scenario), "--out", s(&results)]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = modulab(&["validate", s(&results)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("results of a bandit task, 20 of 20 trials, 1 condition(s) × 2 seed(s)"),
        "{out}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).expect("read")).expect("JSON");
    let broken = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        edit(&mut d);
        temp_file(name, &d.to_string())
    };
    let cases: [(std::path::PathBuf, &str); 2] = [
        (
            broken("whole-stride.json", &|d| {
                d["runs"][1]["series"]["reward"]
                    .as_object_mut()
                    .expect("series")
                    .remove("stride");
            }),
            "runs[1].series.reward.stride: missing",
        ),
        (
            broken("whole-trials.json", &|d| {
                d["scenario"]["task"]["trials"] = (-5).into()
            }),
            "scenario.task.trials: must be a whole number",
        ),
    ];
    for (path, expected) in &cases {
        for command in ["validate", "metrics"] {
            let (code, _, err) = modulab(&[command, s(path)]);
            assert_eq!(code, 2, "{command} {}: {err}", path.display());
            assert!(err.contains(expected), "{command}: {err}");
        }
    }
    let _ = std::fs::remove_file(results);
}

#[test]
fn run_writes_tidy_csv_with_every_trial() {
    let p = temp_file(
        "run.json",
        r#"{"task": {"kind": "bandit", "trials": 40}, "seeds": 2,
            "conditions": [{"label": "a"}, {"label": "b, with comma"}]}"#,
    );
    let csv = p.with_extension("csv");
    let (code, _, err) = modulab(&[
        "run",
        p.to_str().expect("utf8"),
        "--out",
        csv.to_str().expect("utf8"),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv).expect("csv written");
    let mut lines = text.lines();
    // First the engine version and model fingerprint, as in the page's CSV.
    let comment = lines.next().unwrap_or_default();
    assert!(
        comment.starts_with(&format!(
            "# ModuLab {}, model fingerprint ",
            modulab::fingerprint::ENGINE_VERSION
        )),
        "{comment}"
    );
    assert_eq!(lines.next(), Some("condition,seed,trial,metric,value"));
    let rows: Vec<&str> = lines.collect();
    let metrics = 2 + modulab::circuit::METRICS.len();
    assert_eq!(rows.len(), 2 * 2 * 40 * metrics);
    assert!(rows
        .iter()
        .any(|r| r.starts_with("\"b, with comma\",1,40,reward,")));
    // The same run to stdout gives the same bytes.
    let (_, out, _) = modulab(&["run", p.to_str().expect("utf8")]);
    assert_eq!(out, text);
}

#[test]
fn digest_is_stable_and_lists_each_file() {
    let p = temp_file(
        "d.json",
        r#"{"task": {"kind": "bandit", "trials": 50}, "seeds": 2}"#,
    );
    let (code, a, _) = modulab(&["digest", p.to_str().expect("utf8")]);
    let (_, b, _) = modulab(&["digest", p.to_str().expect("utf8")]);
    assert_eq!(code, 0);
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).expect("json");
    assert_eq!(v[0]["digest"].as_str().map(str::len), Some(16));
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8 path")
}

fn presets() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("www/scenarios")
        .expect("presets folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn run_of_every_preset_equals_the_library_to_the_bit() {
    let mut compared = 0;
    for preset in presets() {
        let text = std::fs::read_to_string(&preset).expect("preset");
        let mut exp = modulab::experiment::Experiment::from_json(&text).expect("valid preset");
        // Beyond this the library's recording downsamples; the CLI writes every trial.
        if exp.scenario().task.trials() as usize > modulab::record::DEFAULT_MAX_POINTS {
            continue;
        }
        exp.run_to_end();
        // The page's CSV: the comment line, then Experiment::write_csv.
        let lib = modulab::results::csv_text(&exp, usize::MAX).expect("csv");
        let (code, out, err) = modulab(&["run", s(&preset)]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out == lib,
            "{}: CLI and library CSVs differ",
            preset.display()
        );
        compared += 1;
    }
    assert!(compared >= 1);
}

#[test]
fn run_json_holds_the_filled_scenario_and_reruns_identically() {
    let p = temp_file(
        "rerun.json",
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a"}, {"label": "b", "dopamine": {"gain": 0.5}}]}"#,
    );
    let json = p.with_file_name("rerun-out.json");
    let (code, _, err) = modulab(&[
        "run",
        s(&p),
        "--seeds",
        "3",
        "--trials",
        "40",
        "--out",
        s(&json),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    let sc = &v["scenario"];
    assert_eq!(sc["seeds"], 3);
    assert_eq!(sc["task"]["trials"], 40);
    // Every default is written out.
    assert!(sc["model"]["learning_rate"].is_number(), "{sc}");
    assert!(sc["task"]["p_reward"].is_array(), "{sc}");
    assert_eq!(v["format"], "modulab-results");
    assert_eq!(v["complete"], true);
    assert_eq!(v["trials_done"], 40);
    let metrics = v["metrics"].as_array().expect("metrics").len();
    assert_eq!(v["metrics"][1]["name"], "correct");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2 * 3);
    assert_eq!(runs[3]["condition"], "b");
    assert_eq!(runs[3]["seed"], 0);
    assert_eq!(runs[3]["trials_done"], 40);
    let series = runs[3]["series"].as_object().expect("series");
    assert_eq!(series.len(), metrics);
    assert_eq!(series["reward"]["stride"], 1);
    assert_eq!(
        series["reward"]["points"].as_array().map(Vec::len),
        Some(40)
    );
    // The engine reads it back to the library's numbers, bit for bit.
    let text = std::fs::read_to_string(&json).expect("json");
    let loaded = modulab::results::load(&text).expect("a valid results file");
    let mut again = modulab::experiment::Experiment::new(loaded.scenario().clone());
    again.run_to_end();
    assert_eq!(loaded.digest(), again.digest());
    let summary = &v["summary"]["conditions"][1];
    assert_eq!(summary["condition"], "b");
    assert!(summary["final"]["correct"]["mean"].is_number());
    assert_eq!(summary["trials_to_criterion"]["seeds"], 3);
    // The embedded scenario re-runs to the same numbers.
    let again = temp_file("rerun-embedded.json", &sc.to_string());
    let (_, a, _) = modulab(&["run", s(&again)]);
    let (_, b, _) = modulab(&["run", s(&p), "--seeds", "3", "--trials", "40"]);
    assert_eq!(a, b);
    let first_value = a.lines().nth(2 + 3 * 40 * metrics).expect("row");
    assert!(first_value.starts_with("b,0,1,reward,"), "{first_value}");
}

#[test]
fn run_prints_a_summary_per_condition_on_stderr() {
    let (code, out, err) = modulab(&["run", "www/scenarios/bandit.json", "--seeds", "4"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# ModuLab ") && out.contains("\ncondition,seed,trial,metric,value\n"));
    assert!(err.contains("mean ± SEM over 4 seed(s)"), "{err}");
    assert!(err.contains("trials 271–300"), "{err}");
    assert!(err.contains("trials to criterion (correct ≥ 0.75"), "{err}");
    assert!(
        err.contains("control") && err.contains("dopamine halved"),
        "{err}"
    );
    // No progress bar when stderr is not a terminal.
    assert!(!err.contains('%') || !err.contains("ETA"), "{err}");
}

#[test]
fn run_summary_shows_each_tasks_headline() {
    let cases: [(&str, &[&str], &str, &str); 3] = [
        (
            "www/scenarios/distal_reward.json",
            &["--seeds", "1"],
            "rewarded_weight",
            "weight of the rewarded synapse (mV)",
        ),
        (
            "www/scenarios/conditioning.json",
            &["--seeds", "2"],
            "dopamine_cs",
            "phasic dopamine at the cue (δ units)",
        ),
        (
            "www/scenarios/delay.json",
            &["--seeds", "2", "--trials", "60"],
            "chose_large",
            "P(large, later reward)",
        ),
    ];
    for (file, opts, name, label) in cases {
        let mut args = vec!["run", file];
        args.extend(opts);
        let (code, _, err) = modulab(&args);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(
            err.contains(&format!("headline: {name}, {label}\n")),
            "{file}: {err}"
        );
        assert!(!err.contains("final correct"), "{file}: {err}");
        let mut lines = err.lines().skip(1);
        let header = lines.next().expect("header");
        let column = format!("final {name}");
        let at = header.find(&column).expect("a headline column");
        // In characters: the rows hold "±", two bytes.
        let end = header[..at].chars().count() + column.chars().count();
        // Each condition's row has a mean ± SEM ending under the column's name.
        let rows: Vec<&str> = lines.take_while(|l| l.starts_with("  ")).collect();
        assert!(!rows.is_empty(), "{file}: {err}");
        for row in rows {
            let head: String = row.chars().take(end).collect();
            let cell = head.rsplit("  ").next().unwrap_or("");
            let (mean, sem) = cell.trim().split_once(" ± ").unwrap_or_else(|| {
                panic!("{file}: {row:?} has no mean ± SEM under {column}: {err}")
            });
            assert!(
                mean.parse::<f64>().is_ok_and(f64::is_finite) && sem.parse::<f64>().is_ok(),
                "{file}: {row:?} has no value under {column}: {err}"
            );
        }
    }
}

#[test]
fn run_refuses_bad_options_naming_them() {
    let (code, _, err) = modulab(&["run", "www/scenarios/bandit.json", "--seeds", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--seeds: www/scenarios/bandit.json: seeds: must be a whole number within [1, 10000], got 0"), "{err}");
    let (code, _, err) = modulab(&["run", "www/scenarios/bandit.json", "--trials", "20000000"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--trials") && err.contains("task.trials: must be"),
        "{err}"
    );
    let (code, _, err) = modulab(&["run", "www/scenarios/bandit.json", "--out", "x.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--out x.txt: must end in .csv or .json"),
        "{err}"
    );
    let (code, _, err) = modulab(&[
        "run",
        "www/scenarios/bandit.json",
        "--out",
        "/nonexistent/dir/x.csv",
    ]);
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = modulab(&["run", "www/scenarios/bandit.json", "--seeds", "x"]);
    assert_eq!(code, 2);
    // A task whose length comes from its phases has no task.trials to replace.
    let phased = temp_file(
        "phased.json",
        r#"{"task": {"kind": "conditioning", "phases": [{"cues": [0], "trials": 20}]}}"#,
    );
    let (code, _, err) = modulab(&["run", s(&phased), "--trials", "50"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--trials: ") && err.contains("the conditioning task has no task.trials"),
        "{err}"
    );
}

/// Peak resident memory (kB) of `modulab args`: the kernel's high-water
/// mark of the child's own address space (`VmHWM`), read while it runs.
/// (`wait4`'s `ru_maxrss` would also count the test process, whose pages the
/// child shares until it execs.)
fn peak_rss_kb(args: &[&str]) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_modulab"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("modulab runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(exit) = child.try_wait().expect("wait") {
            assert!(exit.success());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(peak > 0, "VmHWM was never read");
    peak
}

#[test]
fn run_streams_with_flat_memory() {
    let short = peak_rss_kb(&[
        "run",
        "www/scenarios/bandit.json",
        "--seeds",
        "1",
        "--trials",
        "100000",
    ]);
    let long = peak_rss_kb(&[
        "run",
        "www/scenarios/bandit.json",
        "--seeds",
        "1",
        "--trials",
        "1000000",
    ]);
    // Ten times the trials (12 M CSV rows): memory may not grow with them.
    // Holding the rows would take hundreds of MB.
    assert!(
        long <= short + short / 5 + 1024,
        "peak RSS {short} kB for 1e5 trials, {long} kB for 1e6"
    );
    eprintln!("peak RSS: {short} kB (1e5 trials), {long} kB (1e6 trials)");
}

const SWEEP_BASE: &str = r#"{"task": {"kind": "bandit", "trials": 30},
    "conditions": [{"label": "control"}, {"label": "low DA", "dopamine": {"gain": 0.5}}]}"#;

#[test]
fn sweep_writes_a_column_per_parameter_and_shards_concatenate() {
    let base = temp_file("sweep-base.json", SWEEP_BASE);
    let sw = temp_file(
        "sweep.json",
        r#"{"base": "sweep-base.json", "grid": {"model.learning_rate": [0.1, 0.3, 0.5],
            "task.p_reward[0]": [0.6, 0.9]}, "seeds": 2, "metrics": ["reward", "correct"]}"#,
    );
    let (code, all, err) = modulab(&["sweep", s(&sw)]);
    assert_eq!(code, 0, "{err}");
    let mut lines = all.lines();
    // Provenance first: the engine, and the base's fingerprint (the page's
    // and `modulab run`'s comment line names the same fingerprint).
    let comment = lines.next().unwrap_or_default();
    // The base as the sweep runs it: with the sweep's 2 seeds.
    let (_, run, _) = modulab(&["run", s(&base), "--seeds", "2"]);
    let base_fp = run
        .split("fingerprint ")
        .nth(1)
        .and_then(|t| t.get(..16))
        .unwrap_or("missing");
    assert!(
        comment.starts_with(&format!(
            "# ModuLab {} (numerics {}), base scenario fingerprint {base_fp};",
            modulab::fingerprint::ENGINE_VERSION,
            modulab::fingerprint::NUMERICS
        )),
        "{comment}"
    );
    assert_eq!(
        lines.next(),
        Some("model.learning_rate,task.p_reward[0],condition,seed,trial,metric,value")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3 * 2 * 2 * 2 * 30 * 2);
    assert!(
        rows[0].starts_with("0.1,0.6,control,0,1,reward,"),
        "{}",
        rows[0]
    );
    assert!(rows
        .last()
        .expect("rows")
        .starts_with("0.5,0.9,low DA,1,30,correct,"));
    for n in [2, 5, 24, 50] {
        let mut joined = String::new();
        for i in 1..=n {
            let (code, part, err) = modulab(&["sweep", s(&sw), "--shard", &format!("{i}/{n}")]);
            assert_eq!(code, 0, "{err}");
            // Each part: the comment, the header, its rows.
            let mut part_lines = part.split_inclusive('\n');
            let head: String = part_lines.by_ref().take(2).collect();
            if i == 1 {
                joined.push_str(&head);
            }
            joined.extend(part_lines);
        }
        assert!(joined == all, "{n} shards differ from the whole sweep");
    }
}

#[test]
fn sweep_keeps_the_files_order_of_paths() {
    // Not alphabetical: task.p_reward[0] before model.learning_rate, and
    // first_seed (an f) last.
    // Its own base file: tests run in parallel, and another one rewrites
    // sweep-base.json.
    temp_file("order-base.json", SWEEP_BASE);
    let sw = temp_file(
        "sweep-order.json",
        r#"{"base": "order-base.json", "grid": {"task.p_reward[0]": [0.6, 0.9],
            "model.learning_rate": [0.1, 0.3], "first_seed": [7]}, "seeds": 1,
            "metrics": ["reward"]}"#,
    );
    let (code, all, err) = modulab(&["sweep", s(&sw)]);
    assert_eq!(code, 0, "{err}");
    let mut lines = all.lines().skip(1);
    assert_eq!(
        lines.next(),
        Some("task.p_reward[0],model.learning_rate,first_seed,condition,seed,trial,metric,value")
    );
    // The first path varies slowest: the points in row order.
    let mut points: Vec<String> = Vec::new();
    for row in lines {
        let point = row.split(',').take(3).collect::<Vec<_>>().join(",");
        if points.last() != Some(&point) {
            points.push(point);
        }
    }
    assert_eq!(points, ["0.6,0.1,7", "0.6,0.3,7", "0.9,0.1,7", "0.9,0.3,7"]);
    // A list keeps the file's order too.
    let sw = temp_file(
        "sweep-order-list.json",
        r#"{"base": "order-base.json", "list": [{"task.p_reward[0]": 0.6, "model.learning_rate": 0.1}],
            "seeds": 1, "metrics": ["reward"]}"#,
    );
    let (code, all, err) = modulab(&["sweep", s(&sw)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        all.lines()
            .nth(1)
            .is_some_and(|h| h.starts_with("task.p_reward[0],model.learning_rate,condition,")),
        "{all}"
    );
}

#[test]
fn sweep_point_equals_the_plain_run() {
    let base = temp_file("same-base.json", SWEEP_BASE);
    let sw = temp_file(
        "same.json",
        r#"{"base": "same-base.json", "list": [{"model.learning_rate": 0.2}], "seeds": 3}"#,
    );
    let (code, swept, err) = modulab(&["sweep", s(&sw)]);
    assert_eq!(code, 0, "{err}");
    let lr = temp_file(
        "same-lr.json",
        &SWEEP_BASE.replace(
            "\"trials\": 30}",
            "\"trials\": 30}, \"model\": {\"learning_rate\": 0.2}",
        ),
    );
    let (_, run, _) = modulab(&["run", s(&lr), "--seeds", "3"]);
    let stripped: Vec<&str> = swept.lines().skip(2).map(|l| &l[4..]).collect();
    let plain: Vec<&str> = run.lines().skip(2).collect();
    assert_eq!(stripped, plain);
    // Seeds written as a float (Python's json writes 3.0) read as a scenario
    // reads them; a fraction is refused, naming the field.
    let float = temp_file(
        "same-float.json",
        r#"{"base": "same-base.json", "list": [{"model.learning_rate": 0.2}], "seeds": 3.0}"#,
    );
    let (code, swept_float, err) = modulab(&["sweep", s(&float)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(swept_float, swept);
    let half = temp_file(
        "same-half.json",
        r#"{"base": "same-base.json", "list": [{"model.learning_rate": 0.2}], "seeds": 2.5}"#,
    );
    let (code, _, err) = modulab(&["sweep", s(&half)]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "same-half.json: seeds: must be a whole number of seeds within [1, 10000], got 2.5"
        ),
        "{err}"
    );
    let _ = base;
}

/// A sweep reaches a condition's local manipulations (`regions`), which the
/// filled-in base leaves out where nothing is manipulated: a point equals
/// the plain run of the same local antagonist, and a bad region is named.
#[test]
fn sweep_reaches_local_manipulations() {
    let base = temp_file("local-base.json", SWEEP_BASE);
    let path = "conditions[1].regions.dorsal_striatum.receptors.d1.antagonist";
    let sw = temp_file(
        "local.json",
        &format!(r#"{{"base": "local-base.json", "list": [{{"{path}": 0.7}}], "seeds": 2}}"#),
    );
    let (code, swept, err) = modulab(&["sweep", s(&sw)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        swept
            .lines()
            .nth(1)
            .is_some_and(|h| h.starts_with(&format!("{path},condition,"))),
        "{swept}"
    );
    let plain = temp_file(
        "local-plain.json",
        &SWEEP_BASE.replace(
            r#""dopamine": {"gain": 0.5}}"#,
            r#""dopamine": {"gain": 0.5}, "regions": {"dorsal_striatum": {"receptors": {"d1": {"antagonist": 0.7}}}}}"#,
        ),
    );
    let (code, run, err) = modulab(&["run", s(&plain), "--seeds", "2"]);
    assert_eq!(code, 0, "{err}");
    let stripped: Vec<&str> = swept.lines().skip(2).map(|l| &l[4..]).collect();
    let runs: Vec<&str> = run.lines().skip(2).collect();
    assert_eq!(stripped, runs);
    // Without the local block the low-DA condition runs differently.
    let (code, base_run, err) = modulab(&["run", s(&base), "--seeds", "2"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(base_run.lines().skip(2).collect::<Vec<_>>(), runs);
    let bad = temp_file(
        "local-bad.json",
        r#"{"base": "local-base.json", "list": [{"conditions[1].regions.nowhere.receptors.d1.antagonist": 0.7}]}"#,
    );
    let (code, _, err) = modulab(&["sweep", s(&bad)]);
    assert_eq!(code, 2);
    assert!(err.contains("nowhere"), "{err}");
}

#[test]
fn sweep_errors_name_the_file_and_the_field() {
    let cases = [
        (
            r#"{"base": "errors-base.json", "grid": {"model.learning_rat": [0.1]}}"#,
            r#"grid."model.learning_rat"[0]: model has no field "learning_rat"; it has: "#,
        ),
        (
            r#"{"base": "errors-base.json", "grid": {"task.p_reward[5]": [0.1]}}"#,
            "index out of range: task.p_reward[5] (the base has 2 entries)",
        ),
        (
            r#"{"base": "errors-base.json", "grid": {"task.p_reward[0]": [0.5, 1.5]}}"#,
            "at task.p_reward[0] = 1.5: task.p_reward[0]: must be within [0, 1], got 1.5",
        ),
        (
            r#"{"base": "errors-base.json", "grids": {}}"#,
            "grids: unknown field `grids`",
        ),
        (
            r#"{"base": "errors-base.json", "grid": {"model.learning_rate": 0.3}}"#,
            "grid.model.learning_rate: invalid type",
        ),
        (
            r#"{"base": "errors-base.json", "grid": {"seeds": [1]}, "metrics": ["rewards"]}"#,
            "metrics[0]: unknown metric \"rewards\"",
        ),
        (
            r#"{"base": "missing.json", "grid": {"seeds": [1]}}"#,
            "missing.json",
        ),
        (
            r#"{"base": {"task": {"kind": "bandit", "trials": 0}}, "grid": {"seeds": [1]}}"#,
            "base: task.trials: must be a whole number",
        ),
        (
            r#"{"base": "errors-base.json", "list": [{"seeds": 1}, {"first_seed": 2}]}"#,
            "list[1]: must set the same paths as list[0]",
        ),
        (
            r#"{"base": "errors-base.json", "grid": {"seeds": [1, 2]}, "seeds": 3}"#,
            "seeds: given both as the sweep's seeds and as a grid path",
        ),
    ];
    temp_file("errors-base.json", SWEEP_BASE);
    for (i, (text, expected)) in cases.iter().enumerate() {
        let p = temp_file(&format!("bad-sweep-{i}.json"), text);
        let (code, _, err) = modulab(&["sweep", s(&p)]);
        assert_eq!(code, 2, "{text}: {err}");
        assert!(err.contains(&format!("bad-sweep-{i}.json")), "{err}");
        assert!(err.contains(expected), "{text}: {err}");
    }
    let ok = temp_file(
        "sweep-ok.json",
        r#"{"base": "errors-base.json", "grid": {"seeds": [1]}}"#,
    );
    for shard in ["0/3", "4/3", "1/0", "a/b", "3"] {
        let (code, _, err) = modulab(&["sweep", s(&ok), "--shard", shard]);
        assert_eq!(code, 2, "{shard}");
        assert!(err.contains("--shard"), "{err}");
    }
}

#[test]
fn figure_svg_has_the_series_and_legend() {
    let svg = temp_file("fig.svg", "");
    let (code, _, err) = modulab(&[
        "figure",
        "www/scenarios/bandit.json",
        "--metric",
        "reward",
        "--window",
        "5",
        "--title",
        "My & title",
        "--out",
        s(&svg),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).expect("svg");
    // The provenance comment, then the root element.
    assert!(text.starts_with("<!-- ModuLab ") && text.contains(" -->\n<svg"));
    assert!(text.trim_end().ends_with("</svg>"));
    assert!(
        text.contains(r#"width="800" height="500""#),
        "{}",
        &text[..200]
    );
    // The legend's labels (plotters writes text on its own line).
    assert!(text.contains(">\ncontrol\n</text>") && text.contains(">\ndopamine halved\n</text>"));
    assert!(text.contains("My &amp; title"));
    assert!(text.contains("reward per trial"));
    assert!(
        text.contains(">\ntrial\n</text>"),
        "the x axis counts trials"
    );
    // One mean line per condition plus the legend's two strokes.
    assert!(text.matches("<polyline").count() >= 2 * 2, "{text}");
    assert!(text.matches("<polygon").count() >= 2);
}

/// The spiking network records once per bin: its figure's x axis is model
/// time in seconds (ticks at the bins' ends), not trials.
#[test]
fn figure_of_the_spiking_network_runs_over_model_time() {
    let scenario = temp_file(
        "spiking.json",
        r#"{"task": {"kind": "distal_reward", "duration_s": 10, "bin_ms": 250, "neurons": 100,
            "synapses_per_neuron": 20}, "seeds": 2}"#,
    );
    let svg = temp_file("spiking.svg", "");
    let args = [
        "figure",
        s(&scenario),
        "--metric",
        "mean_weight",
        "--out",
        s(&svg),
    ];
    let (code, _, err) = modulab(&args);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains(">\nmodel time (s)\n</text>"), "{text}");
    assert!(!text.contains(">\ntrial\n</text>"), "{text}");
    // 40 bins of 250 ms: the last tick is at 10 s, none at 40.
    assert!(text.contains(">\n10\n</text>"), "{text}");
    assert!(!text.contains(">\n40\n</text>"), "{text}");
}

/// `modulab figure FILE ARGS --width W --height H --out NAME.png`, decoded:
/// (its frame's info, its pixels).
fn figure_png(
    file: &str,
    args: &[&str],
    (w, h): (u32, u32),
    name: &str,
) -> (png::OutputInfo, Vec<u8>) {
    let png = temp_file(name, "");
    let (w, h) = (w.to_string(), h.to_string());
    let mut all = vec!["figure", file];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--width", &w, "--height", &h, "--out", s(&png)]);
    let (code, _, err) = modulab(&all);
    assert_eq!(code, 0, "{err}");
    let decoder = png::Decoder::new(std::fs::File::open(&png).expect("png"));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    (info, buf)
}

/// Like every export, a figure names the engine version and the model
/// fingerprint of what it shows: an XML comment in the SVG, iTXt chunks
/// (with the title) in the PNG.
#[test]
fn figures_carry_the_engine_version_and_fingerprint() {
    let text = std::fs::read_to_string("www/scenarios/bandit.json").expect("preset");
    let scenario = modulab::scenario::Scenario::from_json(&text).expect("valid");
    let id = modulab::fingerprint::Identity::of(&scenario);
    let comment = format!(
        "model fingerprint {} (the same fingerprint gives identical numbers)",
        id.fingerprint
    );
    let svg = temp_file("ident.svg", "");
    let (code, _, err) = modulab(&["figure", "www/scenarios/bandit.json", "--out", s(&svg)]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        svg.contains(&format!(
            "<!-- ModuLab {}, {comment} -->",
            id.engine_version
        )),
        "{}",
        &svg[..svg.len().min(300)]
    );
    let png = temp_file("ident.png", "");
    let (code, _, err) = modulab(&["figure", "www/scenarios/bandit.json", "--out", s(&png)]);
    assert_eq!(code, 0, "{err}");
    let decoder = png::Decoder::new(std::fs::File::open(&png).expect("png"));
    let reader = decoder.read_info().expect("a PNG whose chunks check");
    let texts: Vec<(String, String)> = reader
        .info()
        .utf8_text
        .iter()
        .map(|t| (t.keyword.clone(), t.get_text().unwrap_or_default()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "Software".to_string(),
                format!("ModuLab {}", id.engine_version)
            ),
            ("Comment".to_string(), comment),
            ("Title".to_string(), scenario.name.clone()),
        ]
    );
}

#[test]
fn figure_png_decodes_at_the_asked_size() {
    let (info, buf) = figure_png("www/scenarios/bandit.json", &[], (640, 360), "fig.png");
    assert_eq!((info.width, info.height), (640, 360));
    // Not blank: the chart's colours are there.
    let distinct: std::collections::HashSet<&[u8]> = buf.chunks(4).collect();
    assert!(distinct.len() > 20, "{} colours", distinct.len());
}

/// The circuit PNG keeps the diagram's proportions (its SVG viewBox is
/// 760 × 286): it was stretched to fill whatever size was asked.
#[test]
fn circuit_png_is_not_stretched() {
    let (info, buf) = figure_png(
        "www/scenarios/reversal.json",
        &["--view", "circuit"],
        (800, 500),
        "circuit.png",
    );
    assert_eq!((info.width, info.height), (800, 500));
    assert_eq!(info.color_type, png::ColorType::Rgba);
    // The box of drawn (not fully transparent) pixels.
    let (w, h) = (info.width as usize, info.height as usize);
    let (mut x0, mut x1, mut y0, mut y1) = (w, 0, h, 0);
    for y in 0..h {
        for x in 0..w {
            if buf[(y * w + x) * 4 + 3] > 0 {
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
        }
    }
    assert!(x1 > x0 && y1 > y0, "nothing drawn");
    let aspect = (x1 - x0 + 1) as f64 / (y1 - y0 + 1) as f64;
    // Stretched, it spanned most of the 500 rows (aspect near 1.6); the
    // diagram itself is 760 / 286 = 2.66 (its text may overhang a little).
    assert!(
        aspect > 2.3 && aspect < 3.1,
        "drawn box {x0}..{x1} x {y0}..{y1}, aspect {aspect:.2}"
    );
}

#[test]
fn figure_refuses_bad_input() {
    let (code, _, err) = modulab(&[
        "figure",
        "www/scenarios/bandit.json",
        "--metric",
        "rewardz",
        "--out",
        "x.svg",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--metric: unknown metric \"rewardz\"; expected one of: reward, correct"),
        "{err}"
    );
    let (code, _, err) = modulab(&["figure", "www/scenarios/bandit.json", "--out", "x.gif"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--out x.gif: must end in .svg or .png"),
        "{err}"
    );
    let (code, _, _) = modulab(&[
        "figure",
        "www/scenarios/bandit.json",
        "--width",
        "5",
        "--out",
        "x.svg",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn validate_many_files_reports_each() {
    let good = temp_file("many-ok.json", r#"{"task": {"kind": "bandit"}}"#);
    let bad = temp_file(
        "many-bad.json",
        r#"{"task": {"kind": "bandit"}, "seeds": 0, "modle": {}}"#,
    );
    let (code, out, err) = modulab(&["validate", s(&good), s(&bad), "www/scenarios/bandit.json"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("many-ok.json: bandit task") && out.contains("bandit.json: bandit task"),
        "{out}"
    );
    assert!(err.contains("many-bad.json: modle: unknown field"), "{err}");
}

#[test]
fn validate_checks_a_sweep_file_as_a_sweep() {
    temp_file("validate-base.json", SWEEP_BASE);
    let good = temp_file(
        "validate-sweep.json",
        r#"{"base": "validate-base.json", "grid": {"model.learning_rate": [0.1, 0.3]}, "seeds": 2}"#,
    );
    let (code, out, err) = modulab(&["validate", s(&good)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "validate-sweep.json: sweep of bandit over 2 point(s) (model.learning_rate), 8 run(s)"
        ) && out.contains("modulab sweep"),
        "{out}"
    );
    assert!(!err.contains("unknown field"), "{err}");
    // A bad point is named as `modulab sweep` names it.
    let bad = temp_file(
        "validate-sweep-bad.json",
        r#"{"base": "validate-base.json", "grid": {"task.p_reward[0]": [0.5, 1.5]}}"#,
    );
    let (code, _, err) = modulab(&["validate", s(&bad)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("validate-sweep-bad.json: at task.p_reward[0] = 1.5: task.p_reward[0]: must be within [0, 1]"),
        "{err}"
    );
    assert!(!err.contains("unknown field `base`"), "{err}");
}

#[test]
fn every_error_line_has_the_prefix() {
    let a = temp_file(
        "prefix-a.json",
        r#"{"task": {"kind": "bandit"}, "seeds": 0, "modle": {}}"#,
    );
    let b = temp_file(
        "prefix-b.json",
        r#"{"task": {"kind": "bandit", "p_reward": [0.5, 2]}}"#,
    );
    let (code, _, err) = modulab(&["validate", s(&a), s(&b)]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() >= 3, "several problems, one a line: {err}");
    assert!(lines.iter().all(|l| l.starts_with("error: ")), "{err}");
    assert!(
        lines.iter().any(|l| l.contains("prefix-a.json: modle")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("prefix-b.json: task.p_reward[1]")),
        "{err}"
    );
}

#[test]
fn presets_lists_name_task_and_file() {
    let (code, out, err) = modulab(&["presets"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("name"), "{out}");
    let row = out
        .lines()
        .find(|l| l.ends_with("www/scenarios/bandit.json"))
        .expect("bandit row");
    assert!(
        row.starts_with("Two-armed bandit, 80/20") && row.contains(" bandit "),
        "{row}"
    );
    assert_eq!(out.lines().count(), 1 + presets().len());
    let (code, _, err) = modulab(&["presets", "--dir", "/nonexistent"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent"), "{err}");
    // --dir given: no advice to pass --dir.
    assert!(!err.contains("pass --dir"), "{err}");
}

/// Found by the CLI audit: a file valid as written, made invalid by
/// `--trials` (a condition starting after the shortened run), was blamed on
/// the file alone.
#[test]
fn an_error_caused_by_an_option_names_the_option() {
    let p = temp_file(
        "late.json",
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "late", "from_trial": 100, "dopamine": {"gain": 2}}]}"#,
    );
    let (code, _, err) = modulab(&["run", s(&p), "--trials", "50"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--trials 50: ")
            && err.contains("conditions[0].from_trial: must be at most the run's 50 trials"),
        "{err}"
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    let (code, out, _) = modulab(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Exit codes: 0 success, 2 bad input"), "{out}");
    for cmd in [
        "run", "sweep", "figure", "validate", "metrics", "presets", "digest",
    ] {
        let (code, out, _) = modulab(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(
            out.contains(&format!("modulab {cmd}")) && out.contains("Example"),
            "{cmd}: {out}"
        );
    }
    let (code, _, _) = modulab(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn a_results_file_from_the_page_runs_as_its_scenario() {
    let p = temp_file(
        "results.json",
        r#"{"format": "modulab-results", "version": 1, "scenario": {"task": {"kind": "bandit", "trials": 7}, "seeds": 2}, "metrics": [], "runs": []}"#,
    );
    // As results it is incomplete (validate reads it whole, as figure
    // does), and says its scenario runs; run re-runs that scenario.
    let (code, _, err) = modulab(&["validate", p.to_str().expect("utf8")]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("engine_version: missing")
            && err.contains("its scenario is valid: `modulab run"),
        "{err}"
    );
    let (code, out, err) = modulab(&["run", p.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().any(|l| l.starts_with("control,1,7,")),
        "seed 1, trial 7: {out}"
    );
    // A results file without its scenario is told so as results, by every
    // command that reads one (not "format: unknown field").
    let p = temp_file("format-only.json", r#"{"format": "modulab-results"}"#);
    let path = p.to_str().expect("utf8");
    for args in [
        vec!["validate", path],
        vec!["run", path],
        vec!["figure", path, "--out", "x.svg"],
    ] {
        let (code, _, err) = modulab(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("format-only.json: version: missing"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("unknown field"), "{args:?}: {err}");
    }
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let p = temp_file("huge.json", "");
    // A sparse file: its size is checked, its bytes are never read.
    std::fs::File::options()
        .write(true)
        .open(&p)
        .and_then(|f| f.set_len(300 << 20))
        .expect("sparse file");
    let (code, _, err) = modulab(&["validate", p.to_str().expect("utf8")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("huge.json: the file is 314572800 bytes; at most 268435456 bytes are read"),
        "{err}"
    );
    let _ = std::fs::remove_file(&p);
}

/// A 100 MB scenario file (under the read cap) is refused with the text
/// cap's message, not parsed.
#[test]
fn a_100_mb_file_gets_the_text_cap() {
    let p = temp_file("big.json", "");
    let mut text = vec![b' '; 100 << 20];
    text.extend_from_slice(br#"{"task": {"kind": "bandit"}}"#);
    std::fs::write(&p, &text).expect("write the file");
    let (code, _, err) = modulab(&["validate", p.to_str().expect("utf8")]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "big.json: scenario text is 104857628 bytes; at most 1048576 bytes are accepted"
        ),
        "{err}"
    );
    let _ = std::fs::remove_file(&p);
}

#[test]
fn metrics_lists_the_table_the_page_reads() {
    let (code, out, err) = modulab(&["metrics", "www/scenarios/reversal.json"]);
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().expect("a header");
    assert!(first.starts_with("name") && first.contains("group") && first.contains("unit"));
    let scenario = std::fs::read_to_string("www/scenarios/reversal.json").expect("preset");
    let exp = modulab::experiment::Experiment::from_json(&scenario).expect("valid");
    assert_eq!(out.lines().count(), 1 + exp.metrics().len());
    let correct = out
        .lines()
        .find(|l| l.starts_with("correct "))
        .expect("correct");
    assert!(
        correct.contains("behaviour")
            && correct.contains("[0, 1]")
            && correct.contains("P(best choice)"),
        "{correct}"
    );
    assert!(out
        .lines()
        .any(|l| l.starts_with("dopamine ") && l.contains("δ units")));
    let (code, _, err) = modulab(&["metrics", "/nonexistent/x.json"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn figure_from_a_results_file_equals_the_figure_from_its_scenario() {
    let p = temp_file(
        "fig-results-scenario.json",
        r#"{"name": "fig", "task": {"kind": "bandit", "trials": 60}, "seeds": 3,
            "conditions": [{"label": "a"}, {"label": "b", "dopamine": {"gain": 0.5}}]}"#,
    );
    let results = p.with_file_name("fig-results.json");
    let (code, _, err) = modulab(&["run", s(&p), "--out", s(&results)]);
    assert_eq!(code, 0, "{err}");
    let from_scenario = p.with_file_name("fig-from-scenario.svg");
    let from_results = p.with_file_name("fig-from-results.svg");
    for (input, out) in [(&p, &from_scenario), (&results, &from_results)] {
        let (code, _, err) =
            modulab(&["figure", s(input), "--metric", "dopamine", "--out", s(out)]);
        assert_eq!(code, 0, "{err}");
    }
    let a = std::fs::read_to_string(&from_scenario).expect("svg");
    let b = std::fs::read_to_string(&from_results).expect("svg");
    assert_eq!(a, b, "the stored runs draw the same chart");
    assert!(
        a.contains("phasic dopamine (δ units)"),
        "the axis comes from the metric table"
    );
    // A results file with a field missing is bad input naming it.
    let text = std::fs::read_to_string(&results).expect("json");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    doc["runs"][1]["series"]["reward"]
        .as_object_mut()
        .expect("series")
        .remove("stride");
    let broken = temp_file("fig-broken-results.json", &doc.to_string());
    let (code, _, err) = modulab(&["figure", s(&broken), "--out", s(&from_results)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("fig-broken-results.json: runs[1].series.reward.stride: missing"),
        "{err}"
    );
}

/// Found by the CLI audit: `"metrics": []` in a sweep file wrote a CSV with
/// its header and not one row, exit 0.
#[test]
fn a_sweep_with_an_empty_metric_list_is_refused() {
    temp_file("empty-metrics-base.json", SWEEP_BASE);
    let p = temp_file(
        "empty-metrics.json",
        r#"{"base": "empty-metrics-base.json", "grid": {"seeds": [1]}, "metrics": []}"#,
    );
    let (code, out, err) = modulab(&["sweep", s(&p)]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("empty-metrics.json: metrics: must name at least one metric"),
        "{err}"
    );
    let (code, _, err) = modulab(&["validate", s(&p)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("metrics: must name at least one metric"),
        "{err}"
    );
}

/// Found by the CLI audit: a swept string value was written as JSON text
/// in its column (`"gaussian"` with its quotes, CSV-quoted to
/// `"""gaussian"""`), so a CSV reader got the quotes as part of the value.
#[test]
fn a_swept_string_is_written_as_its_text() {
    let p = temp_file(
        "sweep-strings.json",
        r#"{"base": {"task": {"kind": "bandit", "trials": 2}, "conditions": [{"label": "a,b"}]},
            "grid": {"task.payoff": ["bernoulli", "gaussian"], "task.p_reward": [[0.9, 0.1]]},
            "seeds": 1, "metrics": ["reward"]}"#,
    );
    let (code, out, err) = modulab(&["sweep", s(&p)]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert_eq!(
        lines[0],
        "task.payoff,task.p_reward,condition,seed,trial,metric,value"
    );
    for (line, payoff) in lines[1..]
        .iter()
        .zip(["bernoulli", "bernoulli", "gaussian", "gaussian"])
    {
        let prefix = format!("{payoff},\"[0.9,0.1]\",\"a,b\",0,");
        assert!(line.starts_with(&prefix), "{line}");
    }
}

/// Found by the CLI audit: without `--metric`, `modulab figure` of the
/// distal-reward preset failed with `--metric: unknown metric "correct"`
/// (an option the user never gave): the default was `correct` whatever
/// the task. It is now the metric the page's first chart shows (`correct`,
/// or `reward` for the distal-reward network, which has no `correct`).
#[test]
fn figure_without_metric_draws_the_pages_first_chart() {
    let scenario = temp_file(
        "default-metric.json",
        r#"{"task": {"kind": "distal_reward", "duration_s": 2, "bin_ms": 500, "neurons": 50,
            "synapses_per_neuron": 10}, "seeds": 1}"#,
    );
    let svg = temp_file("default-metric.svg", "");
    let (code, _, err) = modulab(&["figure", s(&scenario), "--out", s(&svg)]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        text.contains(">\ndopamine pulses delivered (count)\n</text>"),
        "{text}"
    );
    let bandit = temp_file(
        "default-metric-bandit.json",
        r#"{"task": {"kind": "bandit", "trials": 5}, "seeds": 1}"#,
    );
    let (code, _, err) = modulab(&["figure", s(&bandit), "--out", s(&svg)]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains(">\nP(best choice)\n</text>"), "{text}");
}

/// Found by the CLI audit: `--view circuit` drew the same picture whatever
/// `--metric`, `--window`, `--band` or `--title` said (even an unknown
/// metric), and the chart ignored `--condition`: options the view does not
/// read are now refused, naming them, before anything runs.
#[test]
fn figure_refuses_options_its_view_does_not_read() {
    let scenario = temp_file(
        "view-options.json",
        r#"{"task": {"kind": "bandit", "trials": 5}, "seeds": 1}"#,
    );
    let svg = temp_file("view-options.svg", "");
    for (extra, expected) in [
        (
            &["--view", "circuit", "--metric", "bogus"][..],
            "--metric: not read by --view circuit",
        ),
        (
            &["--view", "circuit", "--window", "3"][..],
            "--window: not read by --view circuit",
        ),
        (
            &["--view", "circuit", "--band", "ci95"][..],
            "--band: not read by --view circuit",
        ),
        (
            &["--view", "circuit", "--title", "T"][..],
            "--title: not read by --view circuit",
        ),
        (
            &["--condition", "0"][..],
            "--condition: read by --view circuit only",
        ),
    ] {
        let mut args = vec!["figure", s(&scenario), "--out", s(&svg)];
        args.extend_from_slice(extra);
        let (code, _, err) = modulab(&args);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains(expected), "{extra:?}: {err}");
    }
    let (code, _, err) = modulab(&[
        "figure",
        s(&scenario),
        "--out",
        s(&svg),
        "--view",
        "circuit",
        "--condition",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
}

/// Found by the CLI audit: `modulab sweep S.json --out sweep.json` wrote
/// CSV into the .json file without a word (`run` refuses an extension it
/// does not write); a sweep writes CSV only, so --out must end in .csv.
#[test]
fn sweep_out_must_be_a_csv_file() {
    temp_file("sweep-out-base.json", SWEEP_BASE);
    let p = temp_file(
        "sweep-out.json",
        r#"{"base": "sweep-out-base.json", "grid": {"seeds": [1]}}"#,
    );
    let out = std::env::temp_dir().join(format!("modulab-sweep-out-{}.json", std::process::id()));
    let (code, _, err) = modulab(&["sweep", s(&p), "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("must end in .csv (a sweep writes one tidy CSV)"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

/// Found by the CLI audit: a grid naming one path twice
/// (`{"model.learning_rate": [0.1, 0.9], "model.learning_rate": [0.2]}`)
/// wrote two columns of that name and labelled rows 0.1 and 0.9 that all
/// ran at 0.2; a path within another swept one (`task.p_reward[0]` beside
/// `task.p_reward`) likewise overwrote the value its column shows.
#[test]
fn a_sweep_path_named_twice_or_within_another_is_refused() {
    let base = r#"{"task": {"kind": "bandit", "trials": 3}}"#;
    for (i, (grid, expected)) in [
        (
            r#"{"model.learning_rate": [0.1, 0.9], "model.learning_rate": [0.2]}"#,
            r#"grid: "model.learning_rate" is named twice"#,
        ),
        (
            r#"{"task.p_reward": [[0.5, 0.5]], "task.p_reward[0]": [0.9]}"#,
            r#"grid: "task.p_reward[0]" lies within "task.p_reward", which is swept too"#,
        ),
        (
            r#"{"conditions[0].dopamine.gain": [0.5], "conditions[0].dopamine": [{"release": 0.5}]}"#,
            r#"grid: "conditions[0].dopamine.gain" lies within "conditions[0].dopamine", which is swept too"#,
        ),
    ]
    .iter()
    .enumerate()
    {
        let p = temp_file(
            &format!("sweep-twice-{i}.json"),
            &format!(r#"{{"base": {base}, "grid": {grid}, "seeds": 1}}"#),
        );
        let (code, out, err) = modulab(&["sweep", s(&p)]);
        assert_eq!(code, 2, "{grid}: {out}");
        assert!(err.contains(expected), "{grid}: {err}");
    }
    let p = temp_file(
        "sweep-twice-list.json",
        &format!(r#"{{"base": {base}, "list": [{{"seeds": 1, "seeds": 2}}]}}"#),
    );
    let (code, _, err) = modulab(&["sweep", s(&p)]);
    assert_eq!(code, 2);
    assert!(err.contains(r#""seeds" is named twice"#), "{err}");
    // Paths that share a prefix but not a field are fine.
    let p = temp_file(
        "sweep-twice-ok.json",
        &format!(
            r#"{{"base": {base}, "grid": {{"task.p_reward[0]": [0.9], "task.p_reward[1]": [0.1]}}, "seeds": 1}}"#
        ),
    );
    let (code, _, err) = modulab(&["sweep", s(&p)]);
    assert_eq!(code, 0, "{err}");
}

/// Found by the CLI audit: `--title` with a control character made an SVG
/// that is not well-formed XML (exit 0) and a PNG that failed (exit 1).
#[test]
fn figure_refuses_a_title_with_control_characters() {
    let scenario = temp_file(
        "title-control.json",
        r#"{"task": {"kind": "bandit", "trials": 3}, "seeds": 1}"#,
    );
    let png = temp_file("title-control.png", "");
    let (code, _, err) = modulab(&[
        "figure",
        s(&scenario),
        "--title",
        "a\u{7}b",
        "--out",
        s(&png),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--title: must not contain control characters"),
        "{err}"
    );
}

/// A reader that stops early (`modulab validate *.json | head -1`) is not
/// an error: every command that prints to standard output exits 0, without
/// the panic `println!` gives on a closed pipe.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let presets: Vec<String> = std::fs::read_dir("www/scenarios")
        .expect("presets")
        .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
        .filter(|p| p.ends_with(".json"))
        .collect();
    let mut validate = vec!["validate"];
    validate.extend(presets.iter().map(String::as_str));
    let commands: [&[&str]; 4] = [
        &validate,
        &["presets", "--dir", "www/scenarios"],
        &["metrics", "www/scenarios/reversal.json"],
        &[
            "digest",
            "www/scenarios/bandit.json",
            "www/scenarios/bandit.json",
        ],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_modulab"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("modulab starts");
        // Close the read end at once: every line it prints meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("modulab ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{}: {err}", args[0]);
        assert_eq!(out.status.code(), Some(0), "{}: {err}", args[0]);
    }
}

/// A run writes its file under a partial name and moves it into place only
/// when complete: stopped half-way, it leaves nothing at `--out` that could
/// pass for a finished result; and `--out` may not be the file being read.
#[test]
fn an_interrupted_run_leaves_no_file_that_looks_finished() {
    let dir = std::env::temp_dir().join(format!("modulab-partial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("big.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_modulab"))
        .args([
            "run",
            "www/scenarios/bandit.json",
            "--seeds",
            "50",
            "--trials",
            "2000000",
            "--out",
        ])
        .arg(&out)
        .env("CI", "1")
        .spawn()
        .expect("modulab starts");
    let partial = dir.join("big.csv.partial");
    for _ in 0..200 {
        if std::fs::metadata(&partial).is_ok_and(|m| m.len() > 0) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("stopped");
    let _ = child.wait();
    assert!(
        partial.exists(),
        "the run was writing {}",
        partial.display()
    );
    assert!(!out.exists(), "nothing at --out after an interrupted run");
    // A small run of the bandit preset into `out`.
    let run_small = |out: &std::path::Path| {
        modulab(&[
            "run",
            "www/scenarios/bandit.json",
            "--seeds",
            "1",
            "--trials",
            "5",
            "--out",
            out.to_str().expect("utf8"),
        ])
    };
    // A finished run: the file in place, no partial left.
    let small = dir.join("small.csv");
    let (code, _, err) = run_small(&small);
    assert_eq!(code, 0, "{err}");
    assert!(small.exists() && !dir.join("small.csv.partial").exists());
    // --out the scenario itself: refused, the scenario untouched.
    let scenario = dir.join("self.json");
    std::fs::write(
        &scenario,
        r#"{"task": {"kind": "bandit", "trials": 5}, "seeds": 1}"#,
    )
    .expect("write");
    let path = scenario.to_str().expect("utf8");
    let (code, _, err) = modulab(&["run", path, "--out", path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is the file being read"), "{err}");
    assert!(std::fs::read_to_string(&scenario).is_ok_and(|t| t.contains("bandit")));
    // --out a directory: the run fails at the last step (the rename), and
    // its partial file goes too (it stayed, whole, before).
    let folder = dir.join("folder.csv");
    std::fs::create_dir_all(&folder).expect("dir");
    let (code, _, err) = run_small(&folder);
    assert_eq!(code, 1, "{err}");
    assert!(
        !dir.join("folder.csv.partial").exists(),
        "a failed rename leaves no partial file"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Found by the CLI audit: `figure RESULTS.json --seeds 5` drew the stored
/// runs without a word (the option changed nothing); and `--condition 9`
/// was checked only after the whole scenario had run.
#[test]
fn figure_refuses_overrides_of_a_results_file_and_checks_the_condition_first() {
    let scenario = temp_file(
        "fig-over.json",
        r#"{"task": {"kind": "bandit", "trials": 5}, "seeds": 1}"#,
    );
    let results =
        std::env::temp_dir().join(format!("modulab-fig-over-{}.json", std::process::id()));
    let (code, _, err) = modulab(&["run", s(&scenario), "--out", s(&results)]);
    assert_eq!(code, 0, "{err}");
    let svg = temp_file("fig-over.svg", "");
    for option in ["--seeds", "--trials"] {
        let (code, _, err) = modulab(&["figure", s(&results), "--out", s(&svg), option, "3"]);
        assert_eq!(code, 2, "{option}: {err}");
        assert!(
            err.contains(&format!("{option}: ")) && err.contains("results file"),
            "{err}"
        );
    }
    // A condition out of range, with a scenario that would take minutes to
    // run: refused at once.
    let long = temp_file(
        "fig-over-long.json",
        r#"{"task": {"kind": "bandit", "trials": 1000000}, "seeds": 1000}"#,
    );
    let start = std::time::Instant::now();
    let (code, _, err) = modulab(&[
        "figure",
        s(&long),
        "--out",
        s(&svg),
        "--view",
        "circuit",
        "--condition",
        "9",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--condition 9: the scenario has 1 condition(s)"),
        "{err}"
    );
    assert!(
        start.elapsed().as_secs_f64() < 20.0,
        "refused before running"
    );
    let _ = std::fs::remove_file(results);
}

/// `digest` of a results file digests its stored runs without running
/// anything: a complete file from this engine gives its scenario's digest,
/// and a stored number edited (within its range) gives another.
#[test]
fn digest_of_a_results_file_reads_its_stored_runs() {
    let p = temp_file(
        "digest-src.json",
        r#"{"task": {"kind": "bandit", "trials": 30}, "seeds": 2}"#,
    );
    let json = p.with_file_name("digest-out.json");
    let (code, _, err) = modulab(&["run", s(&p), "--out", s(&json)]);
    assert_eq!(code, 0, "{err}");
    let digest_of = |file: &std::path::Path| -> String {
        let (code, out, err) = modulab(&["digest", s(file)]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v[0]["digest"].as_str().expect("a digest").to_string()
    };
    assert_eq!(digest_of(&json), digest_of(&p));
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    let point = &mut doc["runs"][0]["series"]["reward"]["points"][3];
    *point = serde_json::json!(1.0 - point.as_f64().expect("a number"));
    let edited = p.with_file_name("digest-edited.json");
    std::fs::write(&edited, doc.to_string()).expect("written");
    assert_ne!(
        digest_of(&edited),
        digest_of(&p),
        "the stored numbers are digested"
    );
}

/// A results file the page exported keeps the view its runs were shown
/// in; `modulab figure` of it draws that view (first chart, smoothing,
/// band) unless an option says otherwise: the same SVG as with those
/// options given by hand, and another with another metric given.
#[test]
fn figure_of_a_results_file_draws_its_view() {
    let mut exp = modulab::experiment::Experiment::from_json(
        r#"{"task": {"kind": "bandit", "trials": 40}, "seeds": 3}"#,
    )
    .expect("valid");
    exp.run_to_end();
    let view = serde_json::json!({"charts": ["reward"], "window": 5, "band": "ci95"});
    let text = modulab::results::to_json_with_view(&exp, Some(&view)).expect("written");
    let file = temp_file("viewed-results.json", &text);
    let out = |name: &str| {
        std::env::temp_dir().join(format!("modulab-view-{name}-{}.svg", std::process::id()))
    };
    let (viewed, by_hand, other) = (out("viewed"), out("by-hand"), out("other"));
    let runs = [
        vec!["figure", s(&file), "--out", s(&viewed)],
        vec![
            "figure",
            s(&file),
            "--metric",
            "reward",
            "--window",
            "5",
            "--band",
            "ci95",
            "--out",
            s(&by_hand),
        ],
        vec![
            "figure",
            s(&file),
            "--metric",
            "correct",
            "--out",
            s(&other),
        ],
    ];
    for args in &runs {
        let (code, _, err) = modulab(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let read = |p: &std::path::Path| std::fs::read_to_string(p).expect("an SVG");
    assert_eq!(read(&viewed), read(&by_hand), "drawn as its view");
    assert_ne!(read(&viewed), read(&other), "an option wins over the view");
    for p in [viewed, by_hand, other] {
        let _ = std::fs::remove_file(p);
    }
}
