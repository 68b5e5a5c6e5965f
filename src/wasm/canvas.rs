//! A plotters drawing backend over a canvas 2D context: the page's
//! `<canvas>` or an `OffscreenCanvas` (which a Web Worker can draw on, so
//! that a chart is drawn and rasterised off the page's main thread while a
//! batch runs).
//!
//! Text is measured with the context's own `measureText`, which works
//! under a strict Content-Security-Policy (plotters' web backend measured
//! it by inserting a `<span>` with an inline style, which `style-src 'self'`
//! forbids, and it has no offscreen form).

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, OffscreenCanvas,
    OffscreenCanvasRenderingContext2d, TextMetrics,
};

/// Why a canvas call failed (the browser's exception, as text).
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn failed(e: JsValue) -> DrawingErrorKind<CanvasError> {
    let text = e
        .as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused a drawing call".to_string());
    DrawingErrorKind::DrawingError(CanvasError(text))
}

/// The calls the backend makes: the same on both kinds of 2D context.
trait Context2d {
    fn set_fill(&self, css: &str);
    fn set_stroke(&self, css: &str, width: f64);
    fn fill_rect(&self, x: f64, y: f64, w: f64, h: f64);
    fn stroke_rect(&self, x: f64, y: f64, w: f64, h: f64);
    fn begin_path(&self);
    fn move_to(&self, x: f64, y: f64);
    fn line_to(&self, x: f64, y: f64);
    fn close_path(&self);
    fn fill(&self);
    fn stroke(&self);
    fn arc(&self, x: f64, y: f64, r: f64) -> Result<(), JsValue>;
    fn save(&self);
    fn restore(&self);
    fn translate(&self, x: f64, y: f64) -> Result<(), JsValue>;
    fn rotate(&self, angle: f64) -> Result<(), JsValue>;
    fn set_text(&self, font: &str, align: &str, baseline: &str);
    fn fill_text(&self, text: &str, x: f64, y: f64) -> Result<(), JsValue>;
    fn set_font(&self, font: &str);
    fn measure_text(&self, text: &str) -> Result<TextMetrics, JsValue>;
}

/// Implements [`Context2d`] for a web-sys context type
/// (the two types have the same methods but share no trait).
macro_rules! context_2d {
    ($ty:ty) => {
        impl Context2d for $ty {
            fn set_fill(&self, css: &str) {
                self.set_fill_style_str(css);
            }
            fn set_stroke(&self, css: &str, width: f64) {
                self.set_stroke_style_str(css);
                self.set_line_width(width);
            }
            fn fill_rect(&self, x: f64, y: f64, w: f64, h: f64) {
                <$ty>::fill_rect(self, x, y, w, h);
            }
            fn stroke_rect(&self, x: f64, y: f64, w: f64, h: f64) {
                <$ty>::stroke_rect(self, x, y, w, h);
            }
            fn begin_path(&self) {
                <$ty>::begin_path(self);
            }
            fn move_to(&self, x: f64, y: f64) {
                <$ty>::move_to(self, x, y);
            }
            fn line_to(&self, x: f64, y: f64) {
                <$ty>::line_to(self, x, y);
            }
            fn close_path(&self) {
                <$ty>::close_path(self);
            }
            fn fill(&self) {
                <$ty>::fill(self);
            }
            fn stroke(&self) {
                <$ty>::stroke(self);
            }
            fn arc(&self, x: f64, y: f64, r: f64) -> Result<(), JsValue> {
                <$ty>::arc(self, x, y, r, 0.0, std::f64::consts::TAU)
            }
            fn save(&self) {
                <$ty>::save(self);
            }
            fn restore(&self) {
                <$ty>::restore(self);
            }
            fn translate(&self, x: f64, y: f64) -> Result<(), JsValue> {
                <$ty>::translate(self, x, y)
            }
            fn rotate(&self, angle: f64) -> Result<(), JsValue> {
                <$ty>::rotate(self, angle)
            }
            fn set_text(&self, font: &str, align: &str, baseline: &str) {
                self.set_font(font);
                self.set_text_align(align);
                self.set_text_baseline(baseline);
            }
            fn fill_text(&self, text: &str, x: f64, y: f64) -> Result<(), JsValue> {
                <$ty>::fill_text(self, text, x, y)
            }
            fn set_font(&self, font: &str) {
                <$ty>::set_font(self, font);
            }
            fn measure_text(&self, text: &str) -> Result<TextMetrics, JsValue> {
                <$ty>::measure_text(self, text)
            }
        }
    };
}

context_2d!(CanvasRenderingContext2d);
context_2d!(OffscreenCanvasRenderingContext2d);

/// The 2D context a chart is drawn on.
enum Context {
    Page(CanvasRenderingContext2d),
    Offscreen(OffscreenCanvasRenderingContext2d),
}

/// A plotters backend drawing on either kind of 2D context. One type, not
/// a generic one: the chart code is compiled once for both, and the wasm
/// the page downloads does not hold two copies of it.
pub struct Canvas2d {
    context: Context,
    /// The canvas's size in device pixels (fixed while a chart is drawn).
    size: (u32, u32),
}

/// The backend of a page's `<canvas>` (the name the page's code knows).
pub type MeasuredCanvas = Canvas2d;

impl Canvas2d {
    /// Draws on a page's `canvas`; `None` when it has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let size = (canvas.width(), canvas.height());
        Some(Canvas2d {
            context: Context::Page(context),
            size,
        })
    }

    /// Draws on an `OffscreenCanvas` (in a Web Worker or on the page);
    /// `None` when it has no 2D context.
    pub fn offscreen(canvas: OffscreenCanvas) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let size = (canvas.width(), canvas.height());
        Some(Canvas2d {
            context: Context::Offscreen(context),
            size,
        })
    }

    /// The context, as the calls both kinds share.
    fn ctx(&self) -> &dyn Context2d {
        match &self.context {
            Context::Page(c) => c,
            Context::Offscreen(c) => c,
        }
    }
}

/// A colour as CSS text.
fn css(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", c.alpha)
}

impl Canvas2d {
    /// A path through `points`, begun and (for a polygon) closed.
    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>, close: bool) {
        self.ctx().begin_path();
        let mut points = points.into_iter();
        if let Some((x, y)) = points.next() {
            self.ctx().move_to(f64::from(x), f64::from(y));
            for (x, y) in points {
                self.ctx().line_to(f64::from(x), f64::from(y));
            }
            if close {
                self.ctx().close_path();
            }
        }
    }

    fn stroke_style(&self, style: &impl BackendStyle) {
        self.ctx()
            .set_stroke(&css(style.color()), f64::from(style.stroke_width()));
    }
}

impl DrawingBackend for Canvas2d {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha > 0.0 {
            self.ctx().set_fill(&css(color));
            self.ctx().fill_rect(f64::from(x), f64::from(y), 1.0, 1.0);
        }
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        // A horizontal or vertical line on pixel centres, so a 1-pixel line
        // covers one row or column instead of two at half strength.
        let (mut a, mut b) = (
            (f64::from(from.0), f64::from(from.1)),
            (f64::from(to.0), f64::from(to.1)),
        );
        if from.0 == to.0 {
            a.0 -= 0.5;
            b.0 -= 0.5;
        }
        if from.1 == to.1 {
            a.1 -= 0.5;
            b.1 -= 0.5;
        }
        self.stroke_style(style);
        self.ctx().begin_path();
        self.ctx().move_to(a.0, a.1);
        self.ctx().line_to(b.0, b.1);
        self.ctx().stroke();
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(x0), f64::from(y0));
        let (w, h) = (f64::from(x1 - x0), f64::from(y1 - y0));
        if fill {
            self.ctx().set_fill(&css(style.color()));
            self.ctx().fill_rect(x, y, w, h);
        } else {
            self.stroke_style(style);
            self.ctx().stroke_rect(x, y, w, h);
        }
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke_style(style);
        self.trace(path, false);
        self.ctx().stroke();
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.ctx().set_fill(&css(style.color()));
        self.trace(vert, true);
        self.ctx().fill();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.ctx().set_fill(&css(style.color()));
        } else {
            self.stroke_style(style);
        }
        self.ctx().begin_path();
        self.ctx()
            .arc(f64::from(x), f64::from(y), f64::from(radius))
            .map_err(failed)?;
        if fill {
            self.ctx().fill();
        } else {
            self.ctx().stroke();
        }
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let quarter_turns = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 1.0,
            FontTransform::Rotate180 => 2.0,
            FontTransform::Rotate270 => 3.0,
        };
        let (mut x, mut y) = (f64::from(x), f64::from(y));
        if quarter_turns != 0.0 {
            // Rotated text turns about its anchor.
            self.ctx().save();
            self.ctx().translate(x, y).map_err(failed)?;
            self.ctx()
                .rotate(quarter_turns * std::f64::consts::FRAC_PI_2)
                .map_err(failed)?;
            (x, y) = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        self.ctx().set_fill(&css(color));
        self.ctx().set_text(&font(style), align, baseline);
        let drawn = self.ctx().fill_text(text, x, y).map_err(failed);
        if quarter_turns != 0.0 {
            self.ctx().restore();
        }
        drawn
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.ctx().set_font(&font(style));
        let metrics = self.ctx().measure_text(text).map_err(failed)?;
        Ok((metrics.width().ceil() as u32, style.size().ceil() as u32))
    }
}

/// A text style as a CSS font (`normal 12px sans-serif`).
fn font(style: &impl BackendTextStyle) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}
