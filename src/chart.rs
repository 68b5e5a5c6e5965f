//! Learning-curve charts drawn through plotters on any backend: a canvas in
//! the browser, SVG natively. A chart never runs the engine.

use crate::record::Band;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The Okabe–Ito palette: distinguishable with every common colour-vision
/// deficiency (Okabe & Ito 2008).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

/// One line of a chart: a condition's mean with its band.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    /// Legend label.
    pub label: &'a str,
    /// Mean and standard error over seeds.
    pub band: &'a Band,
}

/// How a chart looks.
#[derive(Clone, Debug)]
pub struct Style {
    /// Device pixels per CSS pixel: fonts and strokes scale by it (hi-DPI).
    pub scale: f64,
    /// Light text on a dark background.
    pub dark: bool,
    /// Chart title.
    pub title: String,
    /// Label of the y axis, with its unit.
    pub y_label: String,
    /// Fixed y range; `None` fits the data.
    pub y_range: Option<(f64, f64)>,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            scale: 1.0,
            dark: false,
            title: String::new(),
            y_label: String::new(),
            y_range: None,
        }
    }
}

/// Error from a drawing backend, as text.
pub type ChartError = String;

/// Draws each line's mean with a shaded ±1 SEM band onto `area`.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Line<'_>],
    style: &Style,
) -> Result<(), ChartError> {
    let s = style.scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as u32;
    let (bg, fg, grid) = if style.dark {
        (
            RGBColor(24, 26, 32),
            RGBColor(230, 230, 230),
            RGBColor(70, 74, 84),
        )
    } else {
        (WHITE, RGBColor(30, 30, 30), RGBColor(225, 225, 225))
    };
    area.fill(&bg).map_err(|e| e.to_string())?;

    let x_max = lines
        .iter()
        .filter_map(|l| l.band.trial.last())
        .fold(1.0f64, |a, b| a.max(*b));
    let (y_lo, y_hi) = style.y_range.unwrap_or_else(|| fit_range(lines));

    let font = |size: f64| ("sans-serif", size * s).into_font().color(&fg);
    let mut chart = ChartBuilder::on(area)
        .caption(&style.title, font(15.0))
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(1.0..x_max.max(2.0), y_lo..y_hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(grid.mix(0.0))
        .bold_line_style(grid)
        .axis_style(fg)
        .x_desc("trial")
        .y_desc(style.y_label.as_str())
        .label_style(font(12.0))
        .axis_desc_style(font(13.0))
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(6)
        .draw()
        .map_err(|e| e.to_string())?;

    for (i, line) in lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let b = line.band;
        let upper = b.trial.iter().zip(b.mean.iter().zip(&b.sem));
        let band: Vec<(f64, f64)> = upper
            .clone()
            .map(|(x, (m, e))| (*x, m + e))
            .chain(upper.rev().map(|(x, (m, e))| (*x, m - e)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(
                band,
                color.mix(0.22).filled(),
            )))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(LineSeries::new(
                b.trial.iter().copied().zip(b.mean.iter().copied()),
                color.stroke_width(px(2.0).max(1)),
            ))
            .map_err(|e| e.to_string())?;
    }
    draw_legend(
        &chart.plotting_area().strip_coord_spec(),
        lines,
        s,
        bg,
        fg,
        grid,
    )?;
    area.present().map_err(|e| e.to_string())
}

/// A legend in the lower-right corner of the plotting area (where learning
/// curves rarely are). Drawn by hand
/// (plotters' own legend measures text through the DOM, which a strict
/// Content-Security-Policy forbids); text is measured by the backend.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Line<'_>],
    s: f64,
    bg: RGBColor,
    fg: RGBColor,
    border: RGBColor,
) -> Result<(), ChartError> {
    if lines.is_empty() {
        return Ok(());
    }
    let px = |v: f64| (v * s).round() as i32;
    let font = ("sans-serif", 12.0 * s).into_font().color(&fg);
    let mut width = 0;
    for l in lines {
        let (w, _) = area
            .estimate_text_size(l.label, &font)
            .map_err(|e| e.to_string())?;
        width = width.max(w as i32);
    }
    let row = px(18.0);
    let box_w = px(8.0) + px(22.0) + width + px(8.0);
    let box_h = px(6.0) + row * lines.len() as i32 + px(2.0);
    let (w, h) = area.dim_in_pixel();
    let x0 = (w as i32 - box_w - px(8.0)).max(0);
    let y0 = (h as i32 - box_h - px(8.0)).max(0);
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + box_w, y0 + box_h)],
        bg.mix(0.85).filled(),
    ))
    .map_err(|e| e.to_string())?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + box_w, y0 + box_h)],
        border.stroke_width(1),
    ))
    .map_err(|e| e.to_string())?;
    for (i, l) in lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let y = y0 + px(6.0) + row * i as i32 + row / 2;
        let x = x0 + px(8.0);
        area.draw(&PathElement::new(
            vec![(x, y), (x + px(16.0), y)],
            color.stroke_width(px(3.0).max(1) as u32),
        ))
        .map_err(|e| e.to_string())?;
        let anchored = font.pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(l.label.to_string(), (x + px(22.0), y), anchored))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A y range that holds every band, with a little margin.
fn fit_range(lines: &[Line<'_>]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for l in lines {
        for (m, e) in l.band.mean.iter().zip(&l.band.sem) {
            if m.is_finite() && e.is_finite() {
                lo = lo.min(m - e);
                hi = hi.max(m + e);
            }
        }
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

/// How a metric's axis is labelled and scaled.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Label with unit.
    pub label: String,
    /// Fixed range for bounded metrics.
    pub range: Option<(f64, f64)>,
}

/// The y axis of a recorded metric.
pub fn axis_for(metric: &str) -> Axis {
    let (label, range) = match metric {
        "reward" => ("reward per trial", Some((0.0, 1.0))),
        "correct" => ("P(best choice)", Some((0.0, 1.0))),
        "dopamine" => ("phasic dopamine (δ units)", None),
        "dopamine_tonic" => ("tonic dopamine (avg. reward × tone)", None),
        "acetylcholine" => ("phasic ACh (uncertainty τ)", None),
        "acetylcholine_tonic" => ("tonic ACh", None),
        "norepinephrine" => ("phasic NE (change-point Ω)", None),
        "norepinephrine_tonic" => ("tonic NE", None),
        "serotonin" => ("phasic 5-HT (aversive error)", None),
        "serotonin_tonic" => ("serotonin tone", None),
        "learning_rate" => ("learning rate η", None),
        "inverse_temperature" => ("inverse temperature β", None),
        "discount" => ("discount γ", Some((0.0, 1.0))),
        "choice_entropy" => ("choice entropy (nats)", None),
        "value" => ("value of choice Q", None),
        "latency" => ("response latency (a.u.)", None),
        "greedy" => ("P(greedy choice)", Some((0.0, 1.0))),
        "slow_share" => ("consolidated share of learning", Some((0.0, 1.0))),
        "threshold" => ("sensory BCM threshold θ", None),
        other => (other, None),
    };
    Axis {
        label: label.to_string(),
        range,
    }
}
