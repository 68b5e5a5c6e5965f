//! The circuit as a picture: the four nuclei, the seven regions and the
//! projections between them, generated from the engine's own region list
//! (`neuromod::anatomy`), with each region's receptors as a condition sets
//! them and, during a run, the modulator levels each region receives.
//! One SVG text serves the page (inserted into the document, each region a
//! focusable button), `<modulab-figure view="circuit">` and `modulab figure`.

use crate::circuit::regions::Reading;
use crate::experiment::Experiment;
use crate::neuromod::anatomy::{Modulator, Region, SOURCES};
use crate::neuromod::{Condition, Drug, Manipulation};
use crate::scenario::Scenario;
use serde::Serialize;
use std::fmt::Write;

/// The recorded metrics the levels of [`CircuitView::at`] are read from
/// (the four modulators' tonic levels, in `Modulator` order): a page that
/// receives only some metrics while a run goes on asks for these.
pub const LEVEL_METRICS: [&str; 4] = [
    "dopamine_tonic",
    "acetylcholine_tonic",
    "norepinephrine_tonic",
    "serotonin_tonic",
];

/// One receptor of one region under a condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReceptorView {
    /// Scenario name (`d1`, …).
    pub name: &'static str,
    /// Label for people (`D1`, `β`, …).
    pub label: &'static str,
    /// The modulator it reads.
    pub modulator: &'static str,
    /// The model's density.
    pub density: f64,
    /// Its efficacy under the condition (density × drugs; 0 when lesioned).
    pub efficacy: f64,
    /// The tonic level it passes on now (level × local factor × efficacy),
    /// when levels are known.
    pub received: Option<f64>,
}

/// One region under a condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionView {
    /// Scenario name.
    pub name: &'static str,
    /// Label for people.
    pub label: &'static str,
    /// Lesioned in this condition.
    pub lesioned: bool,
    /// Has a local manipulation in this condition.
    pub local: bool,
    /// Its receptors.
    pub receptors: Vec<ReceptorView>,
    /// The drugs that act when infused here alone ([`Drug::acts_in`]); the
    /// others find no receptor of theirs here.
    pub drugs_acting: Vec<&'static str>,
}

/// The circuit under one condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CircuitView {
    /// The condition's label.
    pub condition: String,
    /// Every region, in display order.
    pub regions: Vec<RegionView>,
}

impl CircuitView {
    /// The circuit of `scenario` under condition `index` (the first when out
    /// of range); `levels` are the four modulators' tonic levels now.
    pub fn new(scenario: &Scenario, index: usize, levels: Option<[f64; 4]>) -> Self {
        let default = Condition::default();
        let c = scenario
            .conditions
            .get(index)
            .or(scenario.conditions.first())
            .unwrap_or(&default);
        let m = Manipulation::of(c);
        let regions = Region::ALL
            .iter()
            .map(|region| {
                let reading = Reading::new(*region, &scenario.model.receptors, &m);
                let receptors = region
                    .expresses()
                    .iter()
                    .map(|(r, _)| {
                        let modulator = r.modulator();
                        let e = reading.efficacy(*r);
                        ReceptorView {
                            name: r.name(),
                            label: r.label(),
                            modulator: modulator.name(),
                            density: scenario.model.receptors.get(*region, *r),
                            efficacy: e,
                            received: levels
                                .map(|l| l[modulator as usize] * reading.local_tone(modulator) * e),
                        }
                    })
                    .collect();
                RegionView {
                    name: region.name(),
                    label: region.label(),
                    lesioned: reading.lesioned(),
                    local: c.regions.contains_key(region),
                    receptors,
                    drugs_acting: Drug::ALL
                        .iter()
                        .filter(|d| d.acts_in(*region))
                        .map(|d| d.name())
                        .collect(),
                }
            })
            .collect();
        CircuitView {
            condition: c.label.clone(),
            regions,
        }
    }

    /// The circuit of a running or finished experiment under condition
    /// `index`, with the tonic levels its seeds recorded at `trial` (the
    /// last recorded point at or before it; the latest when 0).
    pub fn at(exp: &Experiment, index: usize, trial: f64) -> Self {
        let mut levels = [0.0; 4];
        for (l, name) in levels.iter_mut().zip(LEVEL_METRICS) {
            let Some(m) = exp.metric_index(name) else {
                return Self::new(exp.scenario(), index, None);
            };
            let band = exp.summary(index, m, 1);
            let last = band
                .trial
                .iter()
                .rposition(|t| trial <= 0.0 || *t <= trial)
                .and_then(|i| band.mean.get(i));
            match last {
                Some(v) if v.is_finite() => *l = *v,
                _ => return Self::new(exp.scenario(), index, None),
            }
        }
        Self::new(exp.scenario(), index, Some(levels))
    }

    /// The diagram as SVG: nuclei in a row above, regions below, one line
    /// per projection coloured by modulator; each region a focusable group
    /// (`data-region`) whose label lists its receptors and levels.
    pub fn svg(&self) -> String {
        const W: f64 = 760.0;
        const NUCLEUS_Y: f64 = 18.0;
        const REGION_Y: f64 = 170.0;
        const BOX_H: f64 = 40.0;
        let n_regions = self.regions.len().max(1) as f64;
        let region_w = W / n_regions;
        let nucleus_w = W / SOURCES.len() as f64;
        let region_x = |i: usize| region_w * (i as f64 + 0.5);
        let nucleus_x = |i: usize| nucleus_w * (i as f64 + 0.5);
        let colour = |m: Modulator| ["#c0392b", "#2471a3", "#b9770e", "#7d3c98"][m as usize];
        let height = REGION_Y + BOX_H + 20.0 + 14.0 * 3.0 + 14.0;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" class="modulab-circuit" role="group" aria-label="The circuit under {}: four nuclei broadcast to seven regions">"#,
            escape(&self.condition)
        );
        s.push_str(r#"<style>text{font:11px sans-serif}.r rect{fill:#fff;stroke:#444}.r.lesioned rect{fill:#eee;stroke-dasharray:4 3}.r.local rect{stroke-width:3}.r:focus rect,.r.selected rect{stroke:#000;stroke-width:3}</style>"#);
        for (k, src) in SOURCES.iter().enumerate() {
            for target in src.projects_to {
                if let Some(i) = Region::ALL.iter().position(|r| r == target) {
                    let _ = write!(
                        s,
                        r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{REGION_Y}" stroke="{}" stroke-opacity="0.55"><title>{} → {}</title></line>"#,
                        nucleus_x(k),
                        NUCLEUS_Y + BOX_H,
                        region_x(i),
                        colour(src.modulator),
                        src.name,
                        target.label()
                    );
                }
            }
        }
        for (k, src) in SOURCES.iter().enumerate() {
            let x = nucleus_x(k);
            let _ = write!(
                s,
                r#"<g class="n"><rect x="{:.1}" y="{NUCLEUS_Y}" width="{:.1}" height="{BOX_H}" rx="20" fill="{}" fill-opacity="0.15" stroke="{}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
                x - nucleus_w * 0.4,
                nucleus_w * 0.8,
                colour(src.modulator),
                colour(src.modulator),
                NUCLEUS_Y + 17.0,
                src.name,
                NUCLEUS_Y + 31.0,
                src.modulator.name()
            );
        }
        for (i, r) in self.regions.iter().enumerate() {
            let x = region_x(i);
            let mut class = String::from("r");
            if r.lesioned {
                class.push_str(" lesioned");
            }
            if r.local {
                class.push_str(" local");
            }
            let _ = write!(
                s,
                r#"<g class="{class}" data-region="{}" tabindex="0" role="button" aria-label="{}"><rect x="{:.1}" y="{REGION_Y}" width="{:.1}" height="{BOX_H}" rx="4"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                r.name,
                escape(&r.describe()),
                x - region_w * 0.46,
                region_w * 0.92,
                REGION_Y + 24.0,
                short_label(r.name)
            );
            for (j, rec) in r.receptors.iter().enumerate() {
                let value = rec.received.unwrap_or(rec.efficacy);
                let _ = write!(
                    s,
                    r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="{}">{} {value:.2}</text>"#,
                    REGION_Y + BOX_H + 14.0 * (j as f64 + 1.0),
                    colour(modulator_of(rec.modulator)),
                    rec.label
                );
            }
            s.push_str("</g>");
        }
        let received = self
            .regions
            .iter()
            .any(|r| r.receptors.iter().any(|x| x.received.is_some()));
        let caption = if received {
            "Under each region: the tonic level it receives through each receptor (level × efficacy)."
        } else {
            "Under each region: each receptor's efficacy (density × drugs; 0 when lesioned)."
        };
        let _ = write!(
            s,
            r#"<text x="4" y="{:.1}">{} Condition: {}.</text></svg>"#,
            height - 4.0,
            caption,
            escape(&self.condition)
        );
        s
    }
}

impl RegionView {
    /// A sentence for screen readers: the region, its state, its receptors.
    pub fn describe(&self) -> String {
        let mut d = self.label.to_string();
        if self.lesioned {
            d.push_str(" (lesioned)");
        }
        if self.local {
            d.push_str(" (local manipulation)");
        }
        d.push_str(": ");
        let parts: Vec<String> = self
            .receptors
            .iter()
            .map(|r| match r.received {
                Some(v) => format!("{} efficacy {:.2}, receives {v:.2}", r.label, r.efficacy),
                None => format!("{} efficacy {:.2}", r.label, r.efficacy),
            })
            .collect();
        d.push_str(&parts.join("; "));
        d
    }
}

fn modulator_of(name: &str) -> Modulator {
    Modulator::ALL
        .into_iter()
        .find(|m| m.name() == name)
        .unwrap_or(Modulator::Dopamine)
}

fn short_label(name: &str) -> &'static str {
    match name {
        "sensory" => "Sensory",
        "hippocampus" => "Hippocampus",
        "ofc" => "OFC",
        "mpfc" => "mPFC",
        "dlpfc" => "dlPFC",
        "dorsal_striatum" => "Dorsal str.",
        _ => "Ventral str.",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_and_projection_is_drawn_and_a_lesion_shows() {
        let s: Scenario = serde_json::from_str(
            r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "c"}, {"label": "l", "lesions": ["ofc"],
                "regions": {"mpfc": {"drugs": ["propranolol"]}}}]}"#,
        )
        .unwrap();
        let svg = CircuitView::new(&s, 0, None).svg();
        for r in Region::NAMES {
            assert!(svg.contains(&format!(r#"data-region="{r}""#)), "{r}");
        }
        let lines: usize = SOURCES.iter().map(|s| s.projects_to.len()).sum();
        assert_eq!(svg.matches("<line").count(), lines);
        let v = CircuitView::new(&s, 1, Some([1.0, 1.0, 1.0, 1.0]));
        assert!(v.regions[2].lesioned && v.regions[3].local);
        let beta = &v.regions[3].receptors[1];
        assert!((beta.efficacy - 0.2).abs() < 1e-9, "{beta:?}");
        assert!(v.svg().contains(r#"class="r lesioned""#));
    }
}
