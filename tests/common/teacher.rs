//! The classroom exercises' shared check (www/exercises/), used by
//! tests/exercises.rs and tests/exercises_regions.rs: each runs an
//! exercise's own scenario file with its own seeds ([`exercise`]) and checks
//! every number its teacher's page quotes ([`check_teacher`]).
//!
//! Every measured number a teacher's page (`www/exercises/teacher/NAME.html`)
//! quotes is marked `<data value="0.886" data-measure="early.0">0.886</data>`
//! and checked against the run: it must be the measured value rounded to the
//! digits it shows (a tolerance of half a unit in its last digit; a trial
//! number must be exact; `never` stands for no such trial). A number with
//! three or more decimals outside such a mark fails the check, so no result
//! is quoted unchecked. `MODULAB_EXERCISE_MEASURES=DIR` also writes each
//! exercise's measures to `DIR/NAME.json`.
#![allow(dead_code)] // each test file uses its own subset

use modulab::experiment::Experiment;
use std::path::PathBuf;

/// The exercises' folder, `www/exercises/`.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/exercises")
}

/// Runs the exercise's own scenario file to the end.
pub fn exercise(name: &str) -> Experiment {
    let path = dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    let mut exp = Experiment::from_json(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    exp.run_to_end();
    exp
}

/// The numbers an exercise's teacher page may quote, by name (`key.i` for
/// the i-th condition); `None` is "never".
#[derive(Default)]
pub struct Measures(Vec<(String, Option<f64>)>);

impl Measures {
    /// One value per condition: `key.0`, `key.1`, …
    pub fn list(&mut self, key: &str, values: &[f64]) -> &mut Self {
        for (i, v) in values.iter().enumerate() {
            self.0.push((format!("{key}.{i}"), Some(*v)));
        }
        self
    }

    /// One trial number (or none) per condition.
    pub fn trials(&mut self, key: &str, values: &[Option<usize>]) -> &mut Self {
        for (i, v) in values.iter().enumerate() {
            self.0.push((format!("{key}.{i}"), v.map(|t| t as f64)));
        }
        self
    }

    /// One value.
    pub fn one(&mut self, key: &str, value: f64) -> &mut Self {
        self.0.push((key.to_string(), Some(value)));
        self
    }

    /// The measured value of `key` (`Some(None)` is "never").
    pub fn get(&self, key: &str) -> Option<&Option<f64>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// The `<data value="…" data-measure="…">text</data>` marks of `html`.
fn marks(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices("<data ") {
        let rest = &html[i..];
        let Some(end) = rest.find("</data>") else {
            panic!("an unclosed <data> element")
        };
        let element = &rest[..end];
        let attr = |name: &str| {
            let key = format!("{name}=\"");
            element
                .find(&key)
                .map(|j| &element[j + key.len()..])
                .and_then(|r| r.find('"').map(|e| r[..e].to_string()))
                .unwrap_or_else(|| panic!("<data> without {name}: {element}"))
        };
        let text = element
            .split_once('>')
            .map_or("", |(_, t)| t)
            .trim()
            .to_string();
        out.push((attr("value"), attr("data-measure"), text));
    }
    out
}

/// Checks every number the teacher's page of `name` quotes against `m`.
pub fn check_teacher(name: &str, m: &Measures) {
    if let Some(dir) = std::env::var_os("MODULAB_EXERCISE_MEASURES") {
        let map: serde_json::Map<String, serde_json::Value> =
            m.0.iter()
                .map(|(k, v)| (k.clone(), v.map_or(serde_json::Value::Null, Into::into)))
                .collect();
        let path = PathBuf::from(dir).join(format!("{name}.json"));
        std::fs::write(&path, serde_json::Value::Object(map).to_string())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let path = dir().join("teacher").join(format!("{name}.html"));
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let quoted = marks(&html);
    assert!(
        quoted.len() >= 3,
        "teacher/{name}.html quotes {} measured numbers",
        quoted.len()
    );
    for (value, key, text) in &quoted {
        let measured = m
            .get(key)
            .unwrap_or_else(|| panic!("teacher/{name}.html: no measure {key:?} in the test"));
        assert_eq!(
            text.replace('−', "-"),
            *value,
            "teacher/{name}.html: {key} shows {text:?} but is marked {value:?}"
        );
        match (value.as_str(), measured) {
            ("never", None) => {}
            ("never", Some(v)) => panic!("teacher/{name}.html: {key} says never, measured {v}"),
            (_, None) => panic!("teacher/{name}.html: {key} is {value}, measured never"),
            (_, Some(v)) => {
                let quoted: f64 = value
                    .parse()
                    .unwrap_or_else(|_| panic!("teacher/{name}.html: {key}: {value:?}"));
                let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
                let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
                assert!(
                    (quoted - v).abs() <= tolerance,
                    "teacher/{name}.html: {key} is quoted {value}, measured {v:.6} (tolerance ±{tolerance:.0e})"
                );
            }
        }
    }
    // No result quoted unchecked: outside the marks (and the paragraph that
    // states the test's own thresholds), no number has three decimals.
    let mut rest = html.clone();
    while let Some(i) = rest.find("<data ") {
        let end = rest[i..].find("</data>").map_or(rest.len(), |e| i + e + 7);
        rest.replace_range(i..end, " ");
    }
    let rest = match rest.split_once("<p class=\"check\">") {
        Some((a, b)) => format!("{a}{}", b.split_once("</p>").map_or("", |x| x.1)),
        None => rest,
    };
    let chars: Vec<char> = rest.chars().collect();
    for w in chars.windows(5) {
        let digit = |c: char| c.is_ascii_digit();
        assert!(
            !(digit(w[0]) && w[1] == '.' && digit(w[2]) && digit(w[3]) && digit(w[4])),
            "teacher/{name}.html quotes an unchecked number near {:?}",
            w.iter().collect::<String>()
        );
    }
}
