use modulab::experiment::Experiment;
fn main() {
    let text = r#"{"task": {"kind": "reversal", "trials": 100000}, "seeds": 10,
    "model": {"adaptive_learning_rate": true}, "conditions": [{"label": "control"}]}"#;
    for _ in 0..5 {
        let mut exp = Experiment::from_json(text).unwrap();
        let t = std::time::Instant::now();
        exp.run_to_end();
        println!(
            "{:.2} M trials/s {}",
            1.0 / t.elapsed().as_secs_f64(),
            exp.digest()
        );
    }
}
