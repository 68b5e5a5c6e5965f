//! ModuLab: a neuromodulated plasticity engine.
//!
//! Data flows one way: [`scenario`] → [`experiment`] → ([`tasks`] ⇄
//! [`circuit`], with [`neuromod`] between them, learning by [`plasticity`])
//! → [`record`] → [`chart`] and export; [`share`] reads the page's link state. The spiking network ([`spiking`])
//! is the learner of the distal-reward task. The engine is plain Rust; the
//! browser face lives in `wasm` (compiled only for wasm32) and the command
//! line in `src/bin/modulab/`.
//!
//! ```
//! use modulab::experiment::Experiment;
//! let mut exp = Experiment::from_json(r#"{"task": {"kind": "bandit"}, "seeds": 2}"#).unwrap();
//! exp.run_to_end();
//! let reward = exp.metric_index("reward").unwrap();
//! assert_eq!(exp.summary(0, reward, 1).mean.len(), 300);
//! ```

#![warn(missing_docs)]

pub mod chart;
pub mod circuit;
pub mod diagram;
pub mod experiment;
pub mod figure;
pub mod fingerprint;
pub mod limits;
pub mod metric;
pub mod neuromod;
pub mod params;
pub mod plasticity;
pub mod record;
pub mod results;
pub mod rng;
pub mod scenario;
pub mod share;
pub mod spiking;
pub mod tasks;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
