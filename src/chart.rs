//! Learning-curve charts drawn through plotters on any backend: a canvas in
//! the browser, SVG natively. A chart never runs the engine.

use crate::metric::Metric;
use crate::record::Band;
use crate::tasks::XAxis;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

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

/// One line per condition of `scenario`, labelled with its label, over
/// `bands` (one per condition, in order).
pub fn condition_lines<'a>(
    scenario: &'a crate::scenario::Scenario,
    bands: &'a [Band],
) -> Vec<Line<'a>> {
    scenario
        .conditions
        .iter()
        .zip(bands)
        .map(|(c, band)| Line {
            label: &c.label,
            band,
        })
        .collect()
}

/// What the shaded band around each mean shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Spread {
    /// ± 1 standard error of the mean.
    #[default]
    Sem,
    /// 95 % confidence interval of the mean (± t(n−1)·SEM).
    Ci95,
}

impl Spread {
    /// The band's half-width as a multiple of the SEM over `seeds` seeds.
    pub fn factor(self, seeds: u32) -> f64 {
        match self {
            Spread::Sem => 1.0,
            Spread::Ci95 => t_975(seeds.saturating_sub(1) as usize),
        }
    }

    /// The legend's footer, e.g. `band: ± 1 SEM`.
    pub fn label(self, seeds: u32) -> String {
        match self {
            Spread::Sem => "band: ± 1 SEM".to_string(),
            Spread::Ci95 => format!("band: 95 % CI of the mean (t, n = {seeds})"),
        }
    }
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
    /// What the shaded band shows, e.g. `band: ± 1 SEM` (legend footer).
    pub band_label: String,
    /// Trial at which to draw a hover cursor.
    pub cursor: Option<f64>,
    /// The x axis: its label, and the position of each recorded point
    /// (trials, or model time for the spiking network's bins).
    pub x_axis: XAxis,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            scale: 1.0,
            dark: false,
            title: String::new(),
            y_label: String::new(),
            y_range: None,
            band_label: String::new(),
            cursor: None,
            x_axis: XAxis::TRIALS,
        }
    }
}

impl Style {
    /// The style of a learning curve of `metric`: its axis label and range
    /// from the metric's description, the band's legend from `spread`.
    pub fn curve(metric: &Metric, title: String, spread: Spread, seeds: u32) -> Style {
        Style {
            title,
            y_label: metric.axis_label(),
            y_range: metric.range,
            band_label: spread.label(seeds),
            ..Style::default()
        }
    }
}

/// Where a drawn chart's plotting area lies, in device pixels, and the
/// trials it spans: maps a pointer position back to a trial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Layout {
    /// Left edge of the plotting area.
    pub left: i32,
    /// Right edge of the plotting area.
    pub right: i32,
    /// First trial on the x axis.
    pub x_min: f64,
    /// Last trial on the x axis.
    pub x_max: f64,
}

impl Layout {
    /// The trial under device-pixel column `x`, or `None` outside the plot.
    pub fn trial_at(&self, x: f64) -> Option<f64> {
        let (l, r) = (self.left as f64, self.right as f64);
        if !x.is_finite() || r <= l || x < l || x > r {
            return None;
        }
        Some(self.x_min + (x - l) / (r - l) * (self.x_max - self.x_min))
    }
}

/// Two-sided 97.5 % quantile of Student's t with `df` degrees of freedom:
/// a 95 % confidence interval of a mean over n seeds is mean ± t(n−1)·SEM.
/// Table values (any statistics text); beyond 30, interpolated in 1/df
/// towards the normal 1.960.
pub fn t_975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => 0.0,
        1..=30 => T[df - 1],
        // t ≈ 1.960 + 2.442/df fits 2.042 (30), 2.000 (60), 1.980 (120).
        _ => 1.960 + 2.442 / df as f64,
    }
}

/// A tick label of the x axis: whole numbers as such, others with at most
/// three decimals (a bin of 250 ms puts ticks at 12.5 s).
fn tick(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A tick label of the y axis as plotters writes it (one to five decimals),
/// without the sign of a zero: a tick at −1e−17, float noise around 0, is
/// "0.0", not "-0.0".
fn y_tick(y: f64) -> String {
    let text = plotters::data::float::FloatPrettyPrinter {
        allow_scientific: false,
        min_decimal: 1,
        max_decimal: 5,
    }
    .print(y);
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// Error from a drawing backend, as text.
pub type ChartError = String;

/// Background, text and grid colours of the light or dark scheme.
fn scheme(dark: bool) -> (RGBColor, RGBColor, RGBColor) {
    if dark {
        (
            RGBColor(24, 26, 32),
            RGBColor(230, 230, 230),
            RGBColor(70, 74, 84),
        )
    } else {
        (WHITE, RGBColor(30, 30, 30), RGBColor(225, 225, 225))
    }
}

/// Draws each line's mean with its shaded band (`Band::sem` holds the
/// half-width to shade) onto `area`; returns where the plot lies.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Line<'_>],
    style: &Style,
) -> Result<Layout, ChartError> {
    let s = style.scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as u32;
    let (bg, fg, grid) = scheme(style.dark);
    area.fill(&bg).map_err(|e| e.to_string())?;

    let x_max = lines
        .iter()
        .filter_map(|l| l.band.trial.last())
        .fold(1.0f64, |a, b| a.max(*b));
    let (y_lo, y_hi) = style.y_range.unwrap_or_else(|| fit_range(lines));

    let font = |size: f64| (FontFamily::SansSerif, size * s).into_font().color(&fg);
    let title = fit_title(area, &style.title, 15.0 * s)?;
    let mut chart = ChartBuilder::on(area)
        .caption(
            &title.0,
            (FontFamily::SansSerif, title.1).into_font().color(&fg),
        )
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
        .x_desc(style.x_axis.label)
        .y_desc(style.y_label.as_str())
        .label_style(font(12.0))
        .axis_desc_style(font(13.0))
        .x_labels(6)
        .x_label_formatter(&|x| tick(style.x_axis.at(*x)))
        .y_labels(6)
        .y_label_formatter(&|y| y_tick(*y))
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
    if let Some(t) = style.cursor.filter(|t| *t >= 1.0 && *t <= x_max) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(t, y_lo), (t, y_hi)],
                fg.mix(0.6).stroke_width(px(1.0).max(1)),
            )))
            .map_err(|e| e.to_string())?;
        for (i, line) in lines.iter().enumerate() {
            let b = line.band;
            if let Some(k) = b.trial.iter().rposition(|x| *x <= t) {
                let color = PALETTE[i % PALETTE.len()];
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (b.trial[k], b.mean[k]),
                        px(4.0),
                        color.filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let layout = Layout {
        left: xr.start,
        right: xr.end,
        x_min: 1.0,
        x_max: x_max.max(2.0),
    };
    // Where the curves run, in the plotting area's pixels (a few hundred
    // points per curve): the legend goes to the corner they leave freest.
    let base = chart.plotting_area().get_base_pixel();
    let mut marks = Vec::new();
    for line in lines {
        let b = line.band;
        let step = (b.trial.len() / 256).max(1);
        for k in (0..b.trial.len().min(b.mean.len())).step_by(step) {
            let (x, y) = chart.backend_coord(&(b.trial[k], b.mean[k]));
            marks.push((x - base.0, y - base.1));
        }
    }
    draw_legend(
        &chart.plotting_area().strip_coord_spec(),
        lines,
        &style.band_label,
        s,
        (bg, fg, grid),
        &marks,
    )?;
    area.present().map_err(|e| e.to_string())?;
    Ok(layout)
}

/// The title and font size (px) that fit the area's width: the font shrinks
/// to 70 %, then the text is cut with an ellipsis.
fn fit_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    size: f64,
) -> Result<(String, f64), ChartError> {
    let room = area.dim_in_pixel().0 as f64 * 0.94;
    let width = |t: &str, px: f64| {
        area.estimate_text_size(
            t,
            &(FontFamily::SansSerif, px)
                .into_font()
                .into_text_style(area),
        )
        .map(|(w, _)| w as f64)
        .map_err(|e| e.to_string())
    };
    let w = width(title, size)?;
    if w <= room {
        return Ok((title.to_string(), size));
    }
    let px = (size * room / w).max(size * 0.7);
    let mut chars: Vec<char> = title.chars().collect();
    let mut text = title.to_string();
    while !chars.is_empty() && width(&text, px)? > room {
        chars.pop();
        text = chars.iter().collect::<String>().trim_end().to_string() + "…";
    }
    Ok((text, px))
}

/// A legend in the corner of the plotting area that covers fewest of the
/// curves' points `marks` (area pixels): the lower right, where learning
/// curves rarely are, unless another corner covers fewer (on a phone-sized
/// chart the box is large against the curves). Drawn by hand
/// (plotters' own legend measures text through the DOM, which a strict
/// Content-Security-Policy forbids); text is measured by the backend.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Line<'_>],
    footer: &str,
    s: f64,
    (bg, fg, border): (RGBColor, RGBColor, RGBColor),
    marks: &[(i32, i32)],
) -> Result<(), ChartError> {
    if lines.is_empty() {
        return Ok(());
    }
    let rows = lines.len() as i32 + i32::from(!footer.is_empty());
    let px = |v: f64| (v * s).round() as i32;
    let font = (FontFamily::SansSerif, 12.0 * s).into_font().color(&fg);
    let mut width = 0;
    for l in lines {
        let (w, _) = area
            .estimate_text_size(l.label, &font)
            .map_err(|e| e.to_string())?;
        width = width.max(w as i32);
    }
    if !footer.is_empty() {
        let (w, _) = area
            .estimate_text_size(footer, &font)
            .map_err(|e| e.to_string())?;
        width = width.max(w as i32 - px(22.0));
    }
    let row = px(18.0);
    let box_w = px(8.0) + px(22.0) + width + px(8.0);
    let box_h = px(6.0) + row * rows + px(2.0);
    let (w, h) = area.dim_in_pixel();
    let (right, bottom) = (
        (w as i32 - box_w - px(8.0)).max(0),
        (h as i32 - box_h - px(8.0)).max(0),
    );
    let (left, top) = (px(8.0).min(right), px(8.0).min(bottom));
    let covered = |(x0, y0): (i32, i32)| {
        let pad = px(4.0);
        marks
            .iter()
            .filter(|(x, y)| {
                (x0 - pad..=x0 + box_w + pad).contains(x)
                    && (y0 - pad..=y0 + box_h + pad).contains(y)
            })
            .count()
    };
    // The first of the freest corners, in this order of preference.
    let corners = [(right, bottom), (right, top), (left, bottom), (left, top)];
    let (x0, y0) = corners
        .into_iter()
        .min_by_key(|c| covered(*c))
        .unwrap_or((right, bottom));
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
    if !footer.is_empty() {
        let y = y0 + px(6.0) + row * lines.len() as i32 + row / 2;
        let anchored = font.pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(footer.to_string(), (x0 + px(8.0), y), anchored))
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

/// A band with at most `max_points` points: consecutive points averaged in
/// equal groups, each placed at the mean trial of its group. A chart needs no more points
/// than it has pixel columns, and drawing fewer keeps big runs fast.
pub fn thin(band: &Band, max_points: usize) -> Band {
    let n = band.mean.len();
    let max_points = max_points.max(2);
    if n <= max_points {
        return band.clone();
    }
    let group = n.div_ceil(max_points);
    let avg = |v: &[f64], i: usize| {
        let part = &v[i..(i + group).min(v.len())];
        part.iter().sum::<f64>() / part.len() as f64
    };
    let starts: Vec<usize> = (0..n).step_by(group).collect();
    Band {
        trial: starts.iter().map(|&i| avg(&band.trial, i)).collect(),
        mean: starts.iter().map(|&i| avg(&band.mean, i)).collect(),
        sem: starts.iter().map(|&i| avg(&band.sem, i)).collect(),
    }
}

/// One panel of a within-trial heat map: a condition's mean time course
/// (e.g. phasic dopamine at each step) for a set of trials.
#[derive(Clone, Debug)]
pub struct Heat<'a> {
    /// Panel title (the condition).
    pub label: &'a str,
    /// Trial of each row (first trial of its bin).
    pub trials: Vec<f64>,
    /// One row per trial bin, one value per step within the trial.
    pub rows: Vec<Vec<f64>>,
}

/// A diverging colour for `v` in [−1, 1]: Okabe–Ito blue below zero,
/// vermillion above, the background at zero (readable with colour-vision
/// deficiencies, and in greyscale by lightness).
fn diverging(v: f64, bg: RGBColor) -> RGBColor {
    let v = if v.is_finite() {
        v.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let end = if v < 0.0 { PALETTE[0] } else { PALETTE[1] };
    let a = v.abs();
    let mix = |e: u8, b: u8| (b as f64 + (e as f64 - b as f64) * a).round() as u8;
    RGBColor(mix(end.0, bg.0), mix(end.1, bg.1), mix(end.2, bg.2))
}

/// Draws within-trial time courses as heat maps, one panel per condition
/// side by side: x = step within the trial, y = trial (first at the top),
/// colour = value on a diverging scale symmetric about zero.
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[Heat<'_>],
    style: &Style,
) -> Result<(), ChartError> {
    let s = style.scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as u32;
    let (bg, fg, grid) = scheme(style.dark);
    area.fill(&bg).map_err(|e| e.to_string())?;
    let max_abs = panels
        .iter()
        .flat_map(|p| p.rows.iter().flatten())
        .filter(|v| v.is_finite())
        .fold(0.0f64, |a, v| a.max(v.abs()))
        .max(1e-9);
    let font = |size: f64| (FontFamily::SansSerif, size * s).into_font().color(&fg);
    let caption = format!(
        "{} — colour: {} (blue < 0 < orange, full colour at ±{:.3})",
        style.title, style.y_label, max_abs
    );
    let area = area
        .titled(&caption, font(13.0))
        .map_err(|e| e.to_string())?;
    if panels.is_empty() {
        return area.present().map_err(|e| e.to_string());
    }
    for (panel, sub) in panels.iter().zip(area.split_evenly((1, panels.len()))) {
        let steps = panel.rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let t_first = panel.trials.first().copied().unwrap_or(1.0);
        let t_last = panel.trials.last().copied().unwrap_or(1.0);
        let step_t = if panel.trials.len() > 1 {
            (t_last - t_first) / (panel.trials.len() - 1) as f64
        } else {
            1.0
        };
        let y_end = t_last + step_t;
        let mut chart = ChartBuilder::on(&sub)
            .caption(panel.label, font(12.0))
            .margin(px(8.0))
            .x_label_area_size(px(34.0))
            .y_label_area_size(px(56.0))
            .build_cartesian_2d(0.0..steps as f64, y_end..t_first)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .axis_style(grid)
            .x_desc("step within trial")
            .y_desc("trial")
            .label_style(font(11.0))
            .axis_desc_style(font(12.0))
            .x_labels(5)
            .y_labels(6)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(|e| e.to_string())?;
        let cells = panel.rows.iter().zip(&panel.trials).flat_map(|(row, t)| {
            row.iter().enumerate().map(move |(k, v)| {
                Rectangle::new(
                    [(k as f64, *t), (k as f64 + 1.0, t + step_t)],
                    diverging(v / max_abs, bg).filled(),
                )
            })
        });
        chart.draw_series(cells).map_err(|e| e.to_string())?;
    }
    area.present().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    };
    use std::cell::RefCell;

    /// A backend that records the colours and texts drawn.
    struct Recorder {
        size: (u32, u32),
        colours: RefCell<Vec<(u8, u8, u8)>>,
        texts: RefCell<Vec<String>>,
        /// Where each text was drawn.
        places: RefCell<Vec<(String, BackendCoord)>>,
    }

    impl Recorder {
        fn new(w: u32, h: u32) -> Self {
            Recorder {
                size: (w, h),
                colours: RefCell::default(),
                texts: RefCell::default(),
                places: RefCell::default(),
            }
        }
        fn place_of(&self, t: &str) -> Option<BackendCoord> {
            self.places
                .borrow()
                .iter()
                .find(|(x, _)| x == t)
                .map(|(_, p)| *p)
        }
        fn saw(&self, c: RGBColor) -> bool {
            self.colours.borrow().contains(&(c.0, c.1, c.2))
        }
        fn wrote(&self, t: &str) -> bool {
            self.texts.borrow().iter().any(|x| x.contains(t))
        }
        fn note(&self, c: BackendColor) {
            self.colours.borrow_mut().push(c.rgb);
        }
    }

    type E = DrawingErrorKind<std::io::Error>;

    impl DrawingBackend for &Recorder {
        type ErrorType = std::io::Error;
        fn get_size(&self) -> (u32, u32) {
            self.size
        }
        fn ensure_prepared(&mut self) -> Result<(), E> {
            Ok(())
        }
        fn present(&mut self) -> Result<(), E> {
            Ok(())
        }
        fn draw_pixel(&mut self, _: BackendCoord, c: BackendColor) -> Result<(), E> {
            self.note(c);
            Ok(())
        }
        fn draw_line<S: BackendStyle>(
            &mut self,
            _: BackendCoord,
            _: BackendCoord,
            s: &S,
        ) -> Result<(), E> {
            self.note(s.color());
            Ok(())
        }
        fn draw_rect<S: BackendStyle>(
            &mut self,
            _: BackendCoord,
            _: BackendCoord,
            s: &S,
            _: bool,
        ) -> Result<(), E> {
            self.note(s.color());
            Ok(())
        }
        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            _: I,
            s: &S,
        ) -> Result<(), E> {
            self.note(s.color());
            Ok(())
        }
        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            _: I,
            s: &S,
        ) -> Result<(), E> {
            self.note(s.color());
            Ok(())
        }
        fn draw_text<S: BackendTextStyle>(
            &mut self,
            t: &str,
            _: &S,
            at: BackendCoord,
        ) -> Result<(), E> {
            self.texts.borrow_mut().push(t.to_string());
            self.places.borrow_mut().push((t.to_string(), at));
            Ok(())
        }
        fn estimate_text_size<S: BackendTextStyle>(&self, t: &str, _: &S) -> Result<(u32, u32), E> {
            Ok((7 * t.chars().count() as u32, 12))
        }
    }

    fn band(n: usize) -> Band {
        Band {
            trial: (1..=n).map(|t| t as f64).collect(),
            mean: (0..n).map(|t| t as f64 / n as f64).collect(),
            sem: vec![0.05; n],
        }
    }

    #[test]
    fn two_conditions_get_different_palette_colours_and_a_band_label() {
        let (a, b) = (band(50), band(50));
        let lines = [
            Line {
                label: "control",
                band: &a,
            },
            Line {
                label: "haloperidol",
                band: &b,
            },
        ];
        let rec = Recorder::new(600, 400);
        let style = Style {
            band_label: "band: ± 1 SEM".into(),
            cursor: Some(25.0),
            ..Style::default()
        };
        let layout = draw_lines(&(&rec).into_drawing_area(), &lines, &style).unwrap();
        assert!(rec.saw(PALETTE[0]), "first colour");
        assert!(rec.saw(PALETTE[1]), "second colour");
        assert!(rec.wrote("band: ± 1 SEM") && rec.wrote("haloperidol"));
        // A title too wide for the chart is shortened with an ellipsis.
        let long = Style {
            title: "a very long scenario name ".repeat(6),
            ..Style::default()
        };
        let rec = Recorder::new(300, 200);
        draw_lines(&(&rec).into_drawing_area(), &lines, &long).unwrap();
        assert!(rec
            .texts
            .borrow()
            .iter()
            .any(|t| t.ends_with('…') && t.chars().count() < 60));
        assert!(layout.left > 0 && layout.right > layout.left && layout.right <= 600);
        assert_eq!(layout.trial_at(layout.left as f64), Some(1.0));
        assert_eq!(layout.trial_at(layout.right as f64), Some(50.0));
        assert_eq!(layout.trial_at(0.0), None);
    }

    /// The legend sits in the lower right, where a rising learning curve
    /// leaves room; a curve that falls into that corner moves it to the
    /// freest corner (upper right), on a phone-sized chart too.
    #[test]
    fn the_legend_goes_where_the_curves_are_not() {
        let rising = band(100);
        let falling = Band {
            mean: rising.mean.iter().rev().copied().collect(),
            ..band(100)
        };
        for (w, h) in [(600, 400), (340, 220)] {
            let place = |b: &Band| {
                let lines = [Line {
                    label: "control",
                    band: b,
                }];
                let rec = Recorder::new(w, h);
                draw_lines(&(&rec).into_drawing_area(), &lines, &Style::default()).unwrap();
                rec.place_of("control").expect("a legend label")
            };
            let (x, y) = place(&rising);
            assert!(
                x > w as i32 / 2 && y > h as i32 / 2,
                "{w}×{h}: rising: ({x}, {y})"
            );
            let (x, y) = place(&falling);
            assert!(
                x > w as i32 / 2 && y < h as i32 / 2,
                "{w}×{h}: falling: ({x}, {y})"
            );
        }
    }

    #[test]
    fn the_x_axis_says_trials_or_model_time_as_the_task_records() {
        let a = band(200);
        let lines = [Line {
            label: "control",
            band: &a,
        }];
        let rec = Recorder::new(600, 400);
        draw_lines(&(&rec).into_drawing_area(), &lines, &Style::default()).unwrap();
        assert!(rec.wrote("trial") && !rec.wrote("model time (s)"));
        assert!(
            rec.wrote("200"),
            "ticks count trials: {:?}",
            rec.texts.borrow()
        );
        // Bins of 500 ms: the axis is model time, its ticks in seconds.
        let rec = Recorder::new(600, 400);
        let style = Style {
            x_axis: XAxis::model_time(500),
            ..Style::default()
        };
        draw_lines(&(&rec).into_drawing_area(), &lines, &style).unwrap();
        assert!(rec.wrote("model time (s)") && !rec.wrote("trial"));
        assert!(
            rec.wrote("100") && !rec.wrote("200"),
            "ticks in s: {:?}",
            rec.texts.borrow()
        );
        assert_eq!(tick(12.5), "12.5");
        assert_eq!(tick(3.0), "3");
    }

    #[test]
    fn heat_map_draws_every_panel_and_colours_by_sign() {
        let panels = [
            Heat {
                label: "control",
                trials: vec![1.0, 2.0],
                rows: vec![vec![-1.0, 0.0, 1.0], vec![0.5, 0.5, 0.5]],
            },
            Heat {
                label: "lesion",
                trials: vec![1.0, 2.0],
                rows: vec![vec![0.0; 3], vec![0.0; 3]],
            },
        ];
        let rec = Recorder::new(600, 300);
        draw_heatmap(&(&rec).into_drawing_area(), &panels, &Style::default()).unwrap();
        assert!(rec.wrote("control") && rec.wrote("lesion"));
        assert!(rec.saw(PALETTE[0]), "negative cell");
        assert!(rec.saw(PALETTE[1]), "positive cell");
    }

    #[test]
    fn thinning_averages_groups_and_keeps_short_bands() {
        let b = band(10);
        assert_eq!(thin(&b, 20), b);
        let t = thin(&b, 5);
        assert_eq!(t.trial, vec![1.5, 3.5, 5.5, 7.5, 9.5]);
        assert!((t.mean[0] - 0.05).abs() < 1e-12);
        assert_eq!(t.sem, vec![0.05; 5]);
    }

    #[test]
    fn t_quantiles_match_the_table_and_tend_to_normal() {
        assert_eq!(t_975(1), 12.706);
        assert_eq!(t_975(19), 2.093);
        assert!((t_975(60) - 2.000).abs() < 0.002);
        assert!((t_975(120) - 1.980).abs() < 0.002);
        assert!((t_975(100_000) - 1.960).abs() < 0.001);
    }
}

#[cfg(test)]
mod axis_tests {
    use super::*;
    use crate::metric::{Group, Metric};

    #[test]
    fn a_curve_takes_its_axis_from_the_metric_description() {
        let m = Metric::new("correct", "P(best choice)", "", Group::Behaviour).within(0.0, 1.0);
        let s = Style::curve(&m, "t".into(), Spread::Ci95, 20);
        assert_eq!(s.y_label, "P(best choice)");
        assert_eq!(s.y_range, Some((0.0, 1.0)));
        assert_eq!(s.band_label, "band: 95 % CI of the mean (t, n = 20)");
        let d = Metric::new("dopamine", "phasic dopamine", "δ units", Group::Modulator);
        let s = Style::curve(&d, "t".into(), Spread::Sem, 1);
        assert_eq!(
            (s.y_label.as_str(), s.y_range),
            ("phasic dopamine (δ units)", None)
        );
        assert_eq!(Spread::Ci95.factor(20), t_975(19));
    }

    #[test]
    fn a_zero_tick_has_no_sign() {
        assert_eq!(y_tick(-1.3e-17), "0.0");
        assert_eq!(y_tick(-0.0), "0.0");
        assert_eq!(y_tick(-0.25), "-0.25");
        assert_eq!(y_tick(0.5), "0.5");
    }
}
