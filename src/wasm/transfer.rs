//! Recordings as bytes, so a Web Worker can run an experiment and hand its
//! results to the page in transferred buffers, a range of runs at a time
//! (the page applies them over several frames and stays responsive).
//!
//! Layout (little-endian): `b"MLR2"`, first run u32, runs u32, metrics u32,
//! trials done u32; per run, per metric: stride u64, length u32 (`u32::MAX`
//! = series not sent, keep the page's), f32 × length; then a flag u32 (1 =
//! profiles follow): every u32, count u32, per profile: trial u32, length
//! u32, f32 × length.

use crate::experiment::Experiment;
use crate::record::{Profiles, Series, DEFAULT_MAX_POINTS};

const MAGIC: &[u8; 4] = b"MLR2";
const SKIPPED: u32 = u32::MAX;

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_f32s(out: &mut Vec<u8>, values: &[f32]) {
    out.reserve(values.len() * 4);
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Runs `first .. first + count` of `exp` as bytes; only the metrics with
/// `send[m]` true, and the profiles when `profiles` is set.
pub fn encode(
    exp: &Experiment,
    first: usize,
    count: usize,
    send: &[bool],
    profiles: bool,
) -> Vec<u8> {
    let runs = exp.runs();
    let first = first.min(runs.len());
    let end = first.saturating_add(count).min(runs.len());
    let size: usize = runs[first..end]
        .iter()
        .map(|r| {
            r.recording
                .series
                .iter()
                .map(|s| 12 + 4 * s.points().len())
                .sum::<usize>()
                + 4
        })
        .sum();
    let mut out = Vec::with_capacity(20 + size);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, first as u32);
    put_u32(&mut out, (end - first) as u32);
    put_u32(&mut out, exp.metrics().len() as u32);
    put_u32(&mut out, exp.trials_done());
    for r in &runs[first..end] {
        for (m, s) in r.recording.series.iter().enumerate() {
            out.extend_from_slice(&s.stride().to_le_bytes());
            if send.get(m).copied().unwrap_or(true) {
                put_u32(&mut out, s.points().len() as u32);
                put_f32s(&mut out, s.points());
            } else {
                put_u32(&mut out, SKIPPED);
            }
        }
        let p = &r.recording.dopamine_profiles;
        put_u32(&mut out, u32::from(profiles));
        if profiles {
            put_u32(&mut out, p.every());
            put_u32(&mut out, p.kept().len() as u32);
            for (trial, values) in p.kept() {
                put_u32(&mut out, *trial);
                put_u32(&mut out, values.len() as u32);
                put_f32s(&mut out, values);
            }
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.bytes.len() < n {
            return Err("the data ends early".into());
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, String> {
        let b = self.take(n.checked_mul(4).ok_or("too long")?)?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

/// Reads what [`encode`] wrote into `exp` (built from the same scenario).
pub fn decode_into(bytes: &[u8], exp: &mut Experiment) -> Result<(), String> {
    let mut r = Reader { bytes };
    if r.take(4)? != MAGIC {
        return Err("not ModuLab recordings".into());
    }
    let first = r.u32()? as usize;
    let runs = r.u32()? as usize;
    let metrics = r.u32()? as usize;
    if metrics != exp.metrics().len() {
        return Err(format!(
            "expected {} metrics, got {metrics}",
            exp.metrics().len()
        ));
    }
    let done = r.u32()?;
    for i in first..first.saturating_add(runs) {
        let mut series = Vec::with_capacity(metrics);
        for _ in 0..metrics {
            let stride = r.u64()?;
            let len = r.u32()?;
            series.push(if len == SKIPPED {
                None
            } else {
                let points = r.f32s(len as usize)?;
                Some(Series::from_points(points, stride, DEFAULT_MAX_POINTS))
            });
        }
        let profiles = if r.u32()? == 1 {
            let every = r.u32()?;
            let count = r.u32()? as usize;
            let mut kept = Vec::with_capacity(count.min(1 << 16));
            for _ in 0..count {
                let trial = r.u32()?;
                let len = r.u32()? as usize;
                kept.push((trial, r.f32s(len)?));
            }
            Some(Profiles::from_kept(every, kept))
        } else {
            None
        };
        exp.restore_run(i, series, profiles, done)?;
    }
    if !r.bytes.is_empty() {
        return Err("trailing bytes".into());
    }
    Ok(())
}
