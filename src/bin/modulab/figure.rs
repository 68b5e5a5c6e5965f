//! `modulab figure`: the page's chart (`figure::draw_curve`, the same
//! style builder and summaries) drawn natively, as SVG through plotters'
//! SVG backend, or as PNG by rasterising that very SVG with resvg (text
//! from the system's fonts). A results file is drawn from its stored runs.

use crate::files::{self, Failure, Overrides};
use modulab::experiment::Experiment;
use modulab::figure::{self as engine_figure, DrawOptions, Summaries};
use plotters::prelude::*;
use std::path::Path;

/// What to draw and how big.
pub struct Options {
    /// The metric; when absent, the first chart of a results file's view,
    /// else the page's first chart's.
    pub metric: Option<String>,
    /// Moving-average window, in points; when absent, a results file's
    /// view's, else 10.
    pub window: Option<u32>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Title; the scenario's name when absent.
    pub title: Option<String>,
    /// Draw the circuit under this condition instead of a chart.
    pub circuit: Option<usize>,
    /// The shaded band; when absent, a results file's view's, else ± 1 SEM.
    pub band: Option<modulab::chart::Spread>,
}

pub fn figure(path: &Path, over: Overrides, opts: &Options, out: &Path) -> Result<(), Failure> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let png = match ext.as_deref() {
        Some("svg") => false,
        Some("png") => true,
        _ => {
            return Err(Failure::BadInput(format!(
                "--out {}: must end in .svg or .png",
                out.display()
            )))
        }
    };
    // Checked before any run (a spiking scenario can take minutes).
    let check_condition = |n: usize| match opts.circuit {
        Some(c) if c >= n => Err(Failure::BadInput(format!(
            "--condition {c}: the scenario has {n} condition(s), numbered from 0"
        ))),
        _ => Ok(()),
    };
    let (exp, view) = match files::results_with_view(path)? {
        Some((exp, view)) => {
            // A results file's runs are drawn as stored: an override would
            // change nothing.
            if let Some(option) = [
                ("--seeds", over.seeds.is_some()),
                ("--trials", over.trials.is_some()),
            ]
            .iter()
            .find_map(|(o, given)| given.then_some(*o))
            {
                return Err(Failure::BadInput(format!(
                    "{option}: {} is a results file, drawn from its stored runs; \
                     leave {option} out, or give its scenario",
                    path.display()
                )));
            }
            check_condition(exp.scenario().conditions.len())?;
            (exp, view)
        }
        None => {
            let (_, scenario) = files::load(path, over)?;
            check_condition(scenario.conditions.len())?;
            let mut exp = Experiment::new(scenario);
            if opts.circuit.is_none() {
                check_metric(&exp, opts.metric.as_deref())?;
            }
            exp.run_to_end();
            (exp, None)
        }
    };
    // A results file the page exported is drawn as the page showed it (its
    // view's first chart, smoothing and band, cleaned as a link's view),
    // unless an option says otherwise.
    let view = view.map(|v| modulab::share::View::of_results(&v, exp.metric_table()));
    let metric = opts
        .metric
        .clone()
        .or_else(|| view.as_ref().and_then(|v| v.charts.first().cloned()));
    let window = opts
        .window
        .or(view.as_ref().map(|v| v.window))
        .unwrap_or(10);
    let band = opts
        .band
        .or(view.as_ref().map(|v| v.band))
        .unwrap_or_default();
    let svg = match opts.circuit {
        Some(c) => modulab::diagram::CircuitView::at(&exp, c, 0.0).svg(),
        None => svg(
            &exp,
            check_metric(&exp, metric.as_deref())?,
            window,
            band,
            opts,
        )?,
    };
    // Like every export, the figure says which numbers it shows: the engine
    // version and model fingerprint (and the title, in the PNG's text).
    let id = modulab::fingerprint::Identity::of(exp.scenario());
    let provenance = format!(
        "ModuLab {}, model fingerprint {} (the same fingerprint gives identical numbers)",
        id.engine_version, id.fingerprint
    );
    let svg = with_comment(&svg, &provenance);
    let bytes = if png {
        let text = [
            ("Software", format!("ModuLab {}", id.engine_version)),
            (
                "Comment",
                format!(
                    "model fingerprint {} (the same fingerprint gives identical numbers)",
                    id.fingerprint
                ),
            ),
            ("Title", exp.scenario().name.clone()),
        ];
        with_text(rasterise(&svg, opts.width, opts.height)?, &text)
    } else {
        svg.into_bytes()
    };
    std::fs::write(out, bytes).map_err(|e| Failure::Internal(format!("{}: {e}", out.display())))
}

/// The index of `metric` (absent: the metric of the page's first chart),
/// or bad input listing what the scenario records.
fn check_metric(exp: &Experiment, metric: Option<&str>) -> Result<usize, Failure> {
    let table = modulab::experiment::metric_table(exp.scenario());
    let first_chart = modulab::metric::default_charts(&table);
    let Some(metric) = metric.or(first_chart.first().copied()) else {
        return Err(Failure::Internal("the scenario records no metric".into()));
    };
    exp.metric_index(metric).ok_or_else(|| {
        Failure::BadInput(format!(
            "--metric: unknown metric {metric:?}; expected one of: {} (`modulab metrics FILE` describes them)",
            exp.metrics().join(", ")
        ))
    })
}

/// The chart as SVG text, drawn exactly as the page draws it.
fn svg(
    exp: &Experiment,
    metric: usize,
    window: u32,
    band: modulab::chart::Spread,
    opts: &Options,
) -> Result<String, Failure> {
    let draw = DrawOptions {
        window: Some(window),
        title: opts.title.clone(),
        band,
        ..DrawOptions::default()
    };
    let mut text = String::new();
    {
        let area =
            SVGBackend::with_string(&mut text, (opts.width, opts.height)).into_drawing_area();
        engine_figure::draw_curve(&area, exp, &Summaries::new(), metric, &draw, None)
            .map_err(|e| Failure::Internal(format!("drawing the chart: {e}")))?;
    }
    Ok(text)
}

/// Families tried, in order, for the chart's `sans-serif` text.
const SANS: &[&str] = &[
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica",
];

/// Renders SVG text to PNG bytes at `width` × `height`, scaled to fit
/// without distortion.
fn rasterise(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, Failure> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    let families: Vec<String> = db
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .collect();
    match SANS
        .iter()
        .map(|s| s.to_string())
        .find(|s| families.contains(s))
        .or_else(|| families.first().cloned())
    {
        Some(family) => db.set_sans_serif_family(family),
        None => eprintln!("warning: no system font found; the PNG has no text (the SVG has)"),
    }
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Failure::Internal(format!("reading the chart's SVG: {e}")))?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| Failure::Internal(format!("no {width}×{height} image")))?;
    // One scale for both axes, the drawing centred: a chart's SVG is drawn
    // at the asked size (scale 1), and the circuit keeps its proportions
    // instead of being stretched to fill the image.
    let size = tree.size();
    let scale = (width as f32 / size.width()).min(height as f32 / size.height());
    let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(
        (width as f32 - size.width() * scale) / 2.0,
        (height as f32 - size.height() * scale) / 2.0,
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| Failure::Internal(format!("encoding the PNG: {e}")))
}

/// `svg` with an XML comment holding `text` before its root element (after
/// an XML declaration, if any). `--` cannot occur in a comment; the text
/// has none.
fn with_comment(svg: &str, text: &str) -> String {
    let at = if svg.starts_with("<?xml") {
        svg.find("?>").map_or(0, |i| i + 2)
    } else {
        0
    };
    format!("{}<!-- {text} -->\n{}", &svg[..at], &svg[at..])
}

/// The PNG `bytes` with an iTXt chunk (UTF-8, uncompressed) per non-empty
/// `(keyword, text)`, right after its IHDR chunk, which is always first (PNG
/// specification, 11.3.4.5; the page's PNG export writes the same chunks).
fn with_text(bytes: Vec<u8>, text: &[(&str, String)]) -> Vec<u8> {
    // The signature (8 bytes), then IHDR: length, type, 13 bytes, CRC.
    const AFTER_HEADER: usize = 8 + 4 + 4 + 13 + 4;
    if bytes.len() < AFTER_HEADER {
        return bytes;
    }
    let mut out = bytes[..AFTER_HEADER].to_vec();
    for (keyword, value) in text.iter().filter(|(_, v)| !v.is_empty()) {
        // keyword, NUL, no compression (flag, method), empty language tag
        // and translated keyword (each NUL-terminated), then the text.
        let mut chunk = b"iTXt".to_vec();
        chunk.extend_from_slice(keyword.as_bytes());
        chunk.extend_from_slice(&[0, 0, 0, 0, 0]);
        chunk.extend_from_slice(value.as_bytes());
        let length = u32::try_from(chunk.len() - 4).unwrap_or(u32::MAX);
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32fast::hash(&chunk).to_be_bytes());
    }
    out.extend_from_slice(&bytes[AFTER_HEADER..]);
    out
}
