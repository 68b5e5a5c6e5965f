//! Per-trial series with bounded memory, summaries over seeds, tidy CSV
//! export and a digest for determinism checks.

use std::io::{self, Write};

/// Most points a series keeps before it halves its resolution.
pub const DEFAULT_MAX_POINTS: usize = 8192;

/// One metric of one run over trials. Memory stays bounded: when full, pairs
/// of points are averaged and each point then covers twice as many trials.
#[derive(Clone, Debug)]
pub struct Series {
    points: Vec<f32>,
    /// Trials per stored point (a power of two).
    stride: u64,
    pending_sum: f64,
    pending_n: u64,
    max_points: usize,
}

impl Series {
    /// An empty series holding at most `max_points` points (at least 2).
    pub fn new(max_points: usize) -> Self {
        Series {
            points: Vec::new(),
            stride: 1,
            pending_sum: 0.0,
            pending_n: 0,
            max_points: max_points.max(2) & !1,
        }
    }

    /// Points the series can hold without reallocating.
    pub fn capacity(&self) -> usize {
        self.points.capacity()
    }

    /// Appends one trial's value.
    #[inline]
    pub fn push(&mut self, value: f64) {
        self.pending_sum += value;
        self.pending_n += 1;
        if self.pending_n == self.stride {
            if self.points.len() == self.max_points {
                self.halve();
            }
            // After halving, the pending block is half a point: keep filling.
            if self.pending_n == self.stride {
                self.points
                    .push((self.pending_sum / self.stride as f64) as f32);
                self.pending_sum = 0.0;
                self.pending_n = 0;
            }
        }
    }

    /// Merges neighbouring points in place (point i becomes the mean of
    /// points 2i and 2i + 1; i ≤ 2i, so nothing is read after it is
    /// overwritten): the buffer keeps its capacity, and filling it again
    /// reallocates nothing.
    fn halve(&mut self) {
        let half = self.points.len() / 2;
        for i in 0..half {
            let (a, b) = (self.points[2 * i], self.points[2 * i + 1]);
            self.points[i] = ((a as f64 + b as f64) / 2.0) as f32;
        }
        self.points.truncate(half);
        self.stride *= 2;
    }

    /// A complete series rebuilt from stored points (e.g. sent from a
    /// worker): `stride` trials per point, at most `max_points` points.
    pub fn from_points(points: Vec<f32>, stride: u64, max_points: usize) -> Self {
        let mut s = Series::new(max_points.max(points.len()));
        s.points = points;
        s.stride = stride.max(1);
        s
    }

    /// Trials covered by each stored point.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// The stored points (each the mean of [`Series::stride`] trials).
    pub fn points(&self) -> &[f32] {
        &self.points
    }

    /// Trials pushed so far.
    pub fn trials(&self) -> u64 {
        self.points.len() as u64 * self.stride + self.pending_n
    }
}

/// Most values kept per run for within-trial time courses.
pub const MAX_PROFILE_VALUES: usize = 1 << 18;

/// Within-trial time courses of one run (e.g. dopamine at every step), kept
/// for a bounded set of trials: all of them while they fit, then every
/// second, fourth … trial, so memory stays bounded on long runs.
#[derive(Clone, Debug, Default)]
pub struct Profiles {
    /// Trials between kept profiles (a power of two).
    every: u32,
    max_values: usize,
    /// (trial number, 1-based; value at each step).
    kept: Vec<(u32, Vec<f32>)>,
}

impl Profiles {
    /// An empty store holding at most `max_values` values.
    pub fn new(max_values: usize) -> Self {
        Profiles {
            every: 1,
            max_values,
            kept: Vec::new(),
        }
    }

    /// Offers trial `trial`'s time course; kept if the trial is on the grid.
    pub fn offer(&mut self, trial: u32, values: &[f64]) {
        if (trial - 1) % self.every != 0 {
            return;
        }
        let used: usize = self.kept.iter().map(|(_, v)| v.len()).sum();
        if used + values.len() > self.max_values {
            self.every *= 2;
            let every = self.every;
            self.kept.retain(|(t, _)| (t - 1) % every == 0);
            if (trial - 1) % every != 0 {
                return;
            }
        }
        self.kept
            .push((trial, values.iter().map(|v| *v as f32).collect()));
    }

    /// A store rebuilt from kept profiles (e.g. sent from a worker).
    pub fn from_kept(every: u32, kept: Vec<(u32, Vec<f32>)>) -> Self {
        Profiles {
            every: every.max(1),
            max_values: MAX_PROFILE_VALUES,
            kept,
        }
    }

    /// Trials between kept profiles.
    pub fn every(&self) -> u32 {
        self.every.max(1)
    }

    /// The kept (trial, time course) pairs, in trial order.
    pub fn kept(&self) -> &[(u32, Vec<f32>)] {
        &self.kept
    }

    /// The time course of `trial`, if it was kept.
    pub fn get(&self, trial: u32) -> Option<&[f32]> {
        self.kept
            .binary_search_by_key(&trial, |(t, _)| *t)
            .ok()
            .map(|i| self.kept[i].1.as_slice())
    }
}

/// The series of one run, one per metric, and its within-trial time courses.
#[derive(Clone, Debug)]
pub struct Recording {
    /// One series per metric, in the experiment's metric order.
    pub series: Vec<Series>,
    /// Phasic dopamine at every step of (a bounded set of) trials; empty
    /// for one-step tasks.
    pub dopamine_profiles: Profiles,
    /// The open block's sums, one per metric: every series of a recording
    /// is pushed together, so they share one block count and stride, and a
    /// trial costs one add per metric (the page's and the bench's hot path).
    pending: Vec<f64>,
    pending_n: u64,
}

impl Recording {
    /// Empty series for `n_metrics` metrics, each holding at most
    /// `max_points` points.
    pub fn new(n_metrics: usize, max_points: usize) -> Self {
        Recording {
            series: (0..n_metrics).map(|_| Series::new(max_points)).collect(),
            dopamine_profiles: Profiles::new(MAX_PROFILE_VALUES),
            pending: vec![0.0; n_metrics],
            pending_n: 0,
        }
    }

    /// Gives each series room for the points of a run of `trials` trials
    /// (at most its `max_points`), so that a run about to be stepped never
    /// reallocates and copies its series as they fill. Done when the run is
    /// built, not when it is made: a copy that only receives recordings
    /// would hold the room for nothing.
    pub fn reserve(&mut self, trials: u64) {
        for s in &mut self.series {
            let room = usize::try_from(trials).map_or(s.max_points, |t| t.min(s.max_points));
            s.points.reserve_exact(room.saturating_sub(s.points.len()));
        }
    }

    /// Appends one trial: `values[i]` goes to metric `i` (the same points
    /// as [`Series::push`] on each series).
    #[inline]
    pub fn push(&mut self, values: &[f64]) {
        for (p, v) in self.pending.iter_mut().zip(values) {
            *p += *v;
        }
        self.pending_n += 1;
        let Some(first) = self.series.first() else {
            return;
        };
        if self.pending_n < first.stride {
            return;
        }
        if first.points.len() == first.max_points {
            self.series.iter_mut().for_each(Series::halve);
        }
        let stride = self.series[0].stride;
        // After halving, the open block is half a point: keep filling.
        if self.pending_n == stride {
            // The stride is a power of two, so × 1/stride is the division.
            let k = 1.0 / stride as f64;
            // Each sum is reset as it is read (a separate fill would be a
            // call out of the code in wasm, on most trials of short runs).
            for (s, p) in self.series.iter_mut().zip(&mut self.pending) {
                s.points.push((*p * k) as f32);
                *p = 0.0;
            }
            self.pending_n = 0;
        }
    }
}

/// Mean over seeds with a band, ready to chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    /// Trial number of each point (1-based; the first trial of its bin).
    pub trial: Vec<f64>,
    /// Mean over seeds.
    pub mean: Vec<f64>,
    /// Standard error of the mean over seeds (0 with one seed).
    pub sem: Vec<f64>,
}

/// Mean and standard error over runs of one metric, after a trailing moving
/// average of `window` points on each run (1 = raw).
pub fn summarize<'a>(series: impl IntoIterator<Item = &'a Series>, window: usize) -> Band {
    let window = window.max(1);
    let mut sum: Vec<f64> = Vec::new();
    let mut sum2: Vec<f64> = Vec::new();
    let mut n = 0usize;
    let mut stride = 1;
    for s in series {
        let pts = s.points();
        if n == 0 {
            sum = vec![0.0; pts.len()];
            sum2 = vec![0.0; pts.len()];
            stride = s.stride();
        }
        let len = pts.len().min(sum.len());
        let mut acc = 0.0;
        for i in 0..len {
            acc += pts[i] as f64;
            if i >= window {
                acc -= pts[i - window] as f64;
            }
            let v = acc / (i + 1).min(window) as f64;
            sum[i] += v;
            sum2[i] += v * v;
        }
        sum.truncate(len);
        sum2.truncate(len);
        n += 1;
    }
    let nf = n.max(1) as f64;
    let mean: Vec<f64> = sum.iter().map(|s| s / nf).collect();
    let sem = sum2
        .iter()
        .zip(&mean)
        .map(|(s2, m)| {
            if n < 2 {
                0.0
            } else {
                let var = ((s2 - nf * m * m) / (nf - 1.0)).max(0.0);
                (var / nf).sqrt()
            }
        })
        .collect();
    Band {
        trial: (0..mean.len())
            .map(|i| (i as u64 * stride + 1) as f64)
            .collect(),
        mean,
        sem,
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180),
/// and neutralises a leading `=`, `+`, `-` or `@` that spreadsheets would run.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The tidy CSV header: one observation a row.
pub const CSV_HEADER: &str = "condition,seed,trial,metric,value";

/// Writes one run's rows of the tidy CSV (`condition,seed,trial,metric,value`).
pub fn write_csv_rows(
    out: &mut impl Write,
    condition: &str,
    seed: u64,
    metrics: &[&str],
    recording: &Recording,
) -> io::Result<()> {
    let cond = csv_field(condition);
    let Some(first) = recording.series.first() else {
        return Ok(());
    };
    let stride = first.stride();
    for i in 0..first.points().len() {
        let trial = i as u64 * stride + 1;
        for (m, s) in metrics.iter().zip(&recording.series) {
            if let Some(v) = s.points().get(i) {
                writeln!(out, "{cond},{seed},{trial},{m},{v}")?;
            }
        }
    }
    Ok(())
}

/// FNV-1a (64-bit) over every recorded value's bits: equal digests mean
/// bit-identical recordings.
#[derive(Clone, Copy, Debug)]
pub struct Digest(u64);

impl Default for Digest {
    fn default() -> Self {
        Digest(0xcbf2_9ce4_8422_2325)
    }
}

impl Digest {
    /// Mixes bytes in.
    pub fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Mixes a whole recording in.
    pub fn recording(&mut self, r: &Recording) {
        for s in &r.series {
            self.bytes(&s.stride().to_le_bytes());
            for v in s.points() {
                self.bytes(&v.to_bits().to_le_bytes());
            }
        }
    }

    /// The digest as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_stays_bounded_and_keeps_the_mean() {
        let mut s = Series::new(8);
        for t in 0..1000 {
            s.push(t as f64);
        }
        assert!(s.points().len() <= 8);
        assert_eq!(s.trials(), 1000);
        let stride = s.stride() as f64;
        // Each point is the mean of its block of trials.
        assert_eq!(s.points()[0] as f64, (stride - 1.0) / 2.0);
    }

    #[test]
    fn a_recording_stores_what_each_series_would() {
        let mut rec = Recording::new(2, 8);
        let mut alone = [Series::new(8), Series::new(8)];
        for t in 0..1001 {
            let row = [f64::from(t % 7), f64::from(t) * 0.5];
            rec.push(&row);
            alone[0].push(row[0]);
            alone[1].push(row[1]);
        }
        for (r, s) in rec.series.iter().zip(&alone) {
            assert_eq!(r.points(), s.points());
            assert_eq!(r.stride(), s.stride());
        }
    }

    #[test]
    fn profiles_stay_bounded_and_keep_a_regular_grid() {
        let mut p = Profiles::new(100);
        for t in 1..=1000 {
            p.offer(t, &[t as f64; 10]);
        }
        let kept = p.kept();
        assert!(kept.len() <= 10 && kept.len() >= 5, "{}", kept.len());
        assert_eq!(kept[0].0, 1);
        let step = kept[1].0 - kept[0].0;
        assert!(kept.windows(2).all(|w| w[1].0 - w[0].0 == step));
        assert_eq!(p.get(1), Some(&[1.0f32; 10][..]));
    }

    #[test]
    fn summary_mean_and_sem() {
        let mut a = Series::new(16);
        let mut b = Series::new(16);
        for v in [0.0, 1.0, 1.0] {
            a.push(v);
        }
        for v in [1.0, 1.0, 0.0] {
            b.push(v);
        }
        let band = summarize([&a, &b], 1);
        assert_eq!(band.mean, vec![0.5, 1.0, 0.5]);
        assert_eq!(band.trial, vec![1.0, 2.0, 3.0]);
        assert!((band.sem[0] - 0.5).abs() < 1e-12);
        assert_eq!(band.sem[1], 0.0);
        let smooth = summarize([&a], 2);
        assert_eq!(smooth.mean, vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("control"), "control");
    }
}
