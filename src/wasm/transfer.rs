//! Recordings as bytes, so a Web Worker can run an experiment and hand its
//! results to the page in one transferred buffer.
//!
//! Layout (little-endian): `b"MLR1"`, runs u32, metrics u32, trials done
//! u32; per run, per metric: stride u64, length u32, f32 × length; then the
//! run's profiles: every u32, count u32, per profile: trial u32, length
//! u32, f32 × length.

use crate::experiment::Experiment;
use crate::record::{Profiles, Recording, Series, DEFAULT_MAX_POINTS};

const MAGIC: &[u8; 4] = b"MLR1";

/// Every run's recording of `exp` as bytes.
pub fn encode(exp: &Experiment) -> Vec<u8> {
    let runs = exp.runs();
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    let u32le = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    u32le(&mut out, runs.len() as u32);
    u32le(&mut out, exp.metrics().len() as u32);
    u32le(&mut out, exp.trials_done());
    for r in runs {
        for s in &r.recording.series {
            out.extend_from_slice(&s.stride().to_le_bytes());
            u32le(&mut out, s.points().len() as u32);
            for v in s.points() {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        let p = &r.recording.dopamine_profiles;
        u32le(&mut out, p.every());
        u32le(&mut out, p.kept().len() as u32);
        for (trial, values) in p.kept() {
            u32le(&mut out, *trial);
            u32le(&mut out, values.len() as u32);
            for v in values {
                out.extend_from_slice(&v.to_le_bytes());
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

/// Reads what [`encode`] wrote: the recordings and the trials done per run.
pub fn decode(bytes: &[u8], n_metrics: usize) -> Result<(Vec<Recording>, u32), String> {
    let mut r = Reader { bytes };
    if r.take(4)? != MAGIC {
        return Err("not ModuLab recordings".into());
    }
    let runs = r.u32()? as usize;
    let metrics = r.u32()? as usize;
    if metrics != n_metrics {
        return Err(format!("expected {n_metrics} metrics, got {metrics}"));
    }
    let done = r.u32()?;
    let mut out = Vec::with_capacity(runs.min(100_000));
    for _ in 0..runs {
        let mut rec = Recording::new(0, DEFAULT_MAX_POINTS);
        for _ in 0..metrics {
            let stride = r.u64()?;
            let len = r.u32()? as usize;
            let points = r.f32s(len)?;
            rec.series
                .push(Series::from_points(points, stride, DEFAULT_MAX_POINTS));
        }
        let every = r.u32()?;
        let count = r.u32()? as usize;
        let mut kept = Vec::with_capacity(count.min(1 << 16));
        for _ in 0..count {
            let trial = r.u32()?;
            let len = r.u32()? as usize;
            kept.push((trial, r.f32s(len)?));
        }
        rec.dopamine_profiles = Profiles::from_kept(every, kept);
        out.push(rec);
    }
    if !r.bytes.is_empty() {
        return Err("trailing bytes".into());
    }
    Ok((out, done))
}
