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
