//! Receptor occupancy: how a region reads a modulator's concentration.

/// A receptor's binding kinetics: affinity and unbinding rate,
/// EC50 = k_off/k_on. [`Receptor::kinetics`](super::anatomy::Receptor::kinetics)
/// gives them for the receptors whose occupancy the engine models.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kinetics {
    /// Half-occupancy concentration (nM).
    pub ec50: f64,
    /// Unbinding rate k_off (1/s).
    pub k_off: f64,
}

impl Kinetics {
    /// D1-like, low affinity: EC50 ≈ 1 µM (Richfield, Penney & Young 1989;
    /// from the literature, verify before quoting).
    pub const D1: Kinetics = Kinetics {
        ec50: 1000.0,
        k_off: 0.02,
    };
    /// D2-like, high affinity: EC50 ≈ 10 nM (same source). Both unbind
    /// slowly, on a scale of a minute (Hunger, Kumar & Schmidt 2020 J Neurosci
    /// 40:2868: "because of slow unbinding rates, both receptor populations
    /// integrated dopamine signals over a timescale of minutes", read in the
    /// abstract; the rate itself is from the literature, verify before
    /// quoting).
    pub const D2: Kinetics = Kinetics {
        ec50: 10.0,
        k_off: 0.02,
    };

    /// Binding rate k_on = k_off/EC50 (1/(nM·s)).
    pub fn k_on(&self) -> f64 {
        self.k_off / self.ec50
    }

    /// Equilibrium occupancy at concentration L: L/(L + EC50).
    pub fn equilibrium(&self, concentration: f64) -> f64 {
        let l = concentration.max(0.0);
        l / (l + self.ec50)
    }
}

/// Which occupancy model a region uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// Occupancy follows concentration instantly: occ = L/(L + EC50).
    Static,
    /// d occ/dt = k_on·L·(1 − occ) − k_off·occ, solved exactly per step.
    Kinetic,
}

/// The occupancy of one receptor population.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Occupancy {
    receptor: Kinetics,
    binding: Binding,
    occupancy: f64,
}

impl Occupancy {
    /// A population at equilibrium with concentration `initial` (nM).
    pub fn new(receptor: Kinetics, binding: Binding, initial: f64) -> Self {
        Occupancy {
            receptor,
            binding,
            occupancy: receptor.equilibrium(initial),
        }
    }

    /// Exposes the population to concentration L (nM) for `dt` seconds and
    /// returns the occupancy. Kinetic: with L constant over the step,
    /// occ → occ∞ + (occ − occ∞)·e^{−(k_on L + k_off)·dt},
    /// occ∞ = k_on L/(k_on L + k_off).
    pub fn step(&mut self, concentration: f64, dt: f64) -> f64 {
        let l = concentration.max(0.0);
        self.occupancy = match self.binding {
            Binding::Static => self.receptor.equilibrium(l),
            Binding::Kinetic => {
                let on = self.receptor.k_on() * l;
                let rate = on + self.receptor.k_off;
                if rate > 0.0 {
                    let target = on / rate;
                    target + (self.occupancy - target) * libm::exp(-rate * dt.max(0.0))
                } else {
                    self.occupancy
                }
            }
        };
        self.occupancy
    }

    /// The current occupancy in [0, 1].
    pub fn value(&self) -> f64 {
        self.occupancy
    }
}
