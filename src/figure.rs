//! Figures of an experiment: the one place that turns recordings into a
//! chart's lines, a heat map's panels and their [`Style`], for the page
//! (through the wasm face) and the CLI alike. Summaries over seeds are
//! cached, so a chart's drawing, its readout and every hover read the same
//! numbers, computed once.

use crate::chart::{self, ChartError, Heat, Layout, Spread, Style};
use crate::experiment::Experiment;
use crate::limits::MAX_WINDOW;
use crate::record::Band;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// How a figure is drawn (every field optional; read from the page's
/// draw options as JSON, unknown options refused).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DrawOptions {
    /// Device pixels per CSS pixel (window.devicePixelRatio); 1 when absent.
    pub scale: Option<f64>,
    /// Light text on a dark background.
    pub dark: bool,
    /// Trailing moving average over this many points (1 = raw, at most
    /// [`MAX_WINDOW`]).
    pub window: Option<u32>,
    /// Chart title; the scenario's name (curves) or "Within-trial
    /// dopamine" (heat maps) when absent.
    pub title: Option<String>,
    /// The shaded band.
    pub band: Spread,
    /// Trial at which to draw a hover cursor.
    pub cursor: Option<f64>,
    /// Most rows (trial bins) of a heat map; 100 when absent.
    pub rows: Option<u32>,
}

impl DrawOptions {
    /// The smoothing window, within `1..=MAX_WINDOW`.
    pub fn window(&self) -> usize {
        self.window.unwrap_or(1).clamp(1, MAX_WINDOW) as usize
    }

    /// The pixel ratio (1 when absent or not finite; charts clamp it to
    /// [0.5, 4] as they draw).
    pub fn scale(&self) -> f64 {
        self.scale.filter(|s| s.is_finite()).unwrap_or(1.0)
    }

    /// The one style builder of a learning curve of metric `metric` (an
    /// index into the experiment's metrics): axis from the metric's
    /// description, title, band legend, scale, scheme and cursor.
    pub fn curve_style(&self, exp: &Experiment, metric: usize) -> Option<Style> {
        let m = exp.metric_table().get(metric)?;
        let s = exp.scenario();
        let title = self.title.clone().unwrap_or_else(|| s.name.clone());
        Some(Style {
            scale: self.scale(),
            dark: self.dark,
            cursor: self.cursor.filter(|c| c.is_finite()),
            x_axis: s.task.x_axis(),
            ..Style::curve(m, title, self.band, s.seeds)
        })
    }

    /// The style of the within-trial dopamine heat map.
    pub fn profiles_style(&self) -> Style {
        Style {
            scale: self.scale(),
            dark: self.dark,
            title: self
                .title
                .clone()
                .unwrap_or_else(|| "Within-trial dopamine".to_string()),
            y_label: "phasic dopamine, mean over seeds".to_string(),
            ..Style::default()
        }
    }
}

/// (metric index, smoothing window, band factor's bits).
type Key = (usize, usize, u64);

/// Summaries kept at once: one per chart on the page, and a few more.
const KEPT: usize = 8;

/// Each condition's band of a metric, cached by (metric, window, band):
/// call [`Summaries::clear`] whenever the recordings change.
#[derive(Default)]
pub struct Summaries {
    cache: RefCell<Vec<(Key, Rc<Vec<Band>>)>>,
}

impl Summaries {
    /// An empty cache.
    pub fn new() -> Self {
        Summaries::default()
    }

    /// Forgets every summary (trials ran, or recordings arrived).
    pub fn clear(&self) {
        self.cache.borrow_mut().clear();
    }

    /// Each condition's mean of metric `metric` smoothed over `window`
    /// points, with a band of half-width `spread` (SEM or 95 % CI).
    pub fn bands(
        &self,
        exp: &Experiment,
        metric: usize,
        window: usize,
        spread: Spread,
    ) -> Rc<Vec<Band>> {
        let k = spread.factor(exp.scenario().seeds);
        let key = (metric, window, k.to_bits());
        if let Some((_, b)) = self.cache.borrow().iter().find(|(x, _)| *x == key) {
            return Rc::clone(b);
        }
        let bands: Rc<Vec<Band>> = Rc::new(
            (0..exp.scenario().conditions.len())
                .map(|c| {
                    let mut b = exp.summary(c, metric, window);
                    b.sem.iter_mut().for_each(|e| *e *= k);
                    b
                })
                .collect(),
        );
        let mut cache = self.cache.borrow_mut();
        if cache.len() == KEPT {
            cache.remove(0);
        }
        cache.push((key, Rc::clone(&bands)));
        bands
    }
}

/// One condition's value at a trial, as a chart's readout shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueAt {
    /// The condition's label.
    pub label: String,
    /// The trial of the point (the last at or before the asked trial).
    pub trial: f64,
    /// Its position on the chart's x axis (the trial, or the model time
    /// in s at the end of the spiking network's bin).
    pub x: f64,
    /// Mean over seeds.
    pub mean: f64,
    /// Lower edge of the band.
    pub low: f64,
    /// Upper edge of the band.
    pub high: f64,
}

/// Each condition's mean and band of `metric` at `trial` (the last point
/// at or before it), with the same smoothing and band as the chart.
pub fn values_at(
    exp: &Experiment,
    sums: &Summaries,
    metric: usize,
    trial: f64,
    opts: &DrawOptions,
) -> Vec<ValueAt> {
    let bands = sums.bands(exp, metric, opts.window(), opts.band);
    let axis = exp.scenario().task.x_axis();
    exp.scenario()
        .conditions
        .iter()
        .zip(bands.iter())
        .filter_map(|(c, b)| {
            let i = b.trial.iter().rposition(|x| *x <= trial)?;
            Some(ValueAt {
                label: c.label.clone(),
                trial: b.trial[i],
                x: axis.at(b.trial[i]),
                mean: b.mean[i],
                low: b.mean[i] - b.sem[i],
                high: b.mean[i] + b.sem[i],
            })
        })
        .collect()
}

/// Draws the learning curve of metric `metric` (mean over seeds with a
/// band, one line per condition) onto `area`; `max_points`, when given,
/// thins each line to that many points (a canvas needs no more than its
/// pixel columns). Returns where the plot lies.
pub fn draw_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    exp: &Experiment,
    sums: &Summaries,
    metric: usize,
    opts: &DrawOptions,
    max_points: Option<usize>,
) -> Result<Layout, ChartError> {
    let style = opts
        .curve_style(exp, metric)
        .ok_or_else(|| format!("metric {metric} is not recorded"))?;
    let bands = sums.bands(exp, metric, opts.window(), opts.band);
    let bands: Vec<Band> = match max_points {
        Some(most) => bands.iter().map(|b| chart::thin(b, most)).collect(),
        None => bands.to_vec(),
    };
    let lines = chart::condition_lines(exp.scenario(), &bands);
    chart::draw_lines(area, &lines, &style)
}

/// Draws the within-trial phasic dopamine (mean over seeds) as a heat map,
/// one panel per condition.
pub fn draw_profiles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    exp: &Experiment,
    opts: &DrawOptions,
) -> Result<(), ChartError> {
    let rows = opts.rows.unwrap_or(100).clamp(2, 2000) as usize;
    let panels: Vec<Heat<'_>> = exp
        .scenario()
        .conditions
        .iter()
        .enumerate()
        .map(|(c, cond)| {
            let (trials, rows) = exp.profile_rows(c, rows);
            Heat {
                label: &cond.label,
                trials,
                rows,
            }
        })
        .collect();
    chart::draw_heatmap(area, &panels, &opts.profiles_style())
}
