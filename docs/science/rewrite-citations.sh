#!/usr/bin/env bash
# Rewrites citations of the two science files that used to live outside the
# repository (SCIENCE.md, science-criteria.md, also written with a
# ../shared/ prefix) to their copies in docs/science/:
#
#   SCIENCE.md, "X"          -> docs/science/model.md, "X"
#   science-criteria.md §N   -> docs/science/criteria.md §N
#
# Code (Rust, JS, HTML) gets plain paths; Markdown gets links. Every rule is
# keyed by the old text, never by a line number, and no new text contains an
# old pattern, so the script is idempotent: run it again after merging
# another branch and it rewrites only what is new. docs/science/ itself and
# ../shared/bench (benchmark peers, not science) are left alone.
#
# Usage, from anywhere in the repository: bash docs/science/rewrite-citations.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

old='SCIENCE\.md|science-criteria\.md'

# Code comments and doc comments: plain repository paths.
mapfile -t code < <(grep -rlE "$old" \
    --include='*.rs' --include='*.mjs' --include='*.js' --include='*.html' \
    --exclude-dir=node_modules --exclude-dir=pkg --exclude-dir=target \
    src tests examples benches www fuzz 2>/dev/null || true)
for f in "${code[@]}"; do
    sed -i \
        -e 's#science-criteria\.md (shared with the project)#docs/science/criteria.md#g' \
        -e 's#\.\./shared/science-criteria\.md#docs/science/criteria.md#g' \
        -e 's#\.\./shared/SCIENCE\.md#docs/science/model.md#g' \
        -e 's#science-criteria\.md#docs/science/criteria.md#g' \
        -e 's#SCIENCE\.md#docs/science/model.md#g' \
        "$f"
done

# Markdown outside docs/science: links, relative to the file's folder.
mdsed() { # file, prefix from the file's folder to docs/science/
    local f=$1 p=$2
    sed -i \
        -e "s#each names its criterion in the shared\$#each names its criterion in#" \
        -e "s#\`\.\./shared/science-criteria\.md\`#[\`docs/science/criteria.md\`](${p}criteria.md)#g" \
        -e "s#\`\.\./shared/SCIENCE\.md\`#[\`docs/science/model.md\`](${p}model.md)#g" \
        -e "s#\`science-criteria\.md\`#[\`docs/science/criteria.md\`](${p}criteria.md)#g" \
        -e "s#\`SCIENCE\.md\`#[\`docs/science/model.md\`](${p}model.md)#g" \
        -e "s#\.\./shared/science-criteria\.md#[docs/science/criteria.md](${p}criteria.md)#g" \
        -e "s#\.\./shared/SCIENCE\.md#[docs/science/model.md](${p}model.md)#g" \
        -e "s#science-criteria\.md#[docs/science/criteria.md](${p}criteria.md)#g" \
        -e "s#SCIENCE\.md#[docs/science/model.md](${p}model.md)#g" \
        "$f"
}
if grep -qE "$old" README.md; then
    mdsed README.md docs/science/
fi
mapfile -t docs < <(grep -lE "$old" docs/*.md 2>/dev/null || true)
for f in "${docs[@]}"; do
    mdsed "$f" science/
done

# Replacements made when this script was first run (file:line: old -> new),
# for the record; the rules above do not depend on these line numbers.
# README.md:150
#   - Every criterion of `../shared/science-criteria.md` that the engine covers is a
#   + Every criterion of [`docs/science/criteria.md`](docs/science/criteria.md) that the engine covers is a
# docs/circuit.md:5
#   - See `../shared/SCIENCE.md` for the model this implements; criterion IDs refer to
#   + See [`docs/science/model.md`](science/model.md) for the model this implements; criterion IDs refer to
# docs/circuit.md:6
#   - `../shared/science-criteria.md`.
#   + [`docs/science/criteria.md`](science/criteria.md).
# docs/plasticity.md:9
#   - `tests/plasticity.rs`; each names its criterion in the shared
#   + `tests/plasticity.rs`; each names its criterion in
# docs/plasticity.md:10
#   - `science-criteria.md` (section numbers below) with threshold and source.
#   + [`docs/science/criteria.md`](science/criteria.md) (section numbers below) with threshold and source.
# docs/spiking.md:7
#   - tested against are in `science-criteria.md` §1 (IDs IZ-1 … IZ-6).
#   + tested against are in [`docs/science/criteria.md`](science/criteria.md) §1 (IDs IZ-1 … IZ-6).
# docs/tasks.md:5
#   - Section numbers refer to science-criteria.md, the project's list of published results and acceptance criteria. Presets live in `www/scenarios/`; `modulab validate www/scenarios/*.json` checks them all.
#   + Section numbers refer to [docs/science/criteria.md](science/criteria.md), the project's list of published results and acceptance criteria. Presets live in `www/scenarios/`; `modulab validate www/scenarios/*.json` checks them all.
# docs/tasks.md:20
#   - Source: science-criteria.md §9.1 (BAN-1). Adds no metrics; `correct` = chose the arm with the highest mean.
#   + Source: [docs/science/criteria.md](science/criteria.md) §9.1 (BAN-1). Adds no metrics; `correct` = chose the arm with the highest mean.
# examples/verify.rs:2
#   - //! (science-criteria.md §1.4), each printed with its statistic, threshold
#   + //! (docs/science/criteria.md §1.4), each printed with its statistic, threshold
# examples/verify.rs:79
#   - /// IZ-2 (science-criteria.md §1.4): paper protocol, 10 seeds. Pass: the
#   + /// IZ-2 (docs/science/criteria.md §1.4): paper protocol, 10 seeds. Pass: the
# examples/verify.rs:123
#   - /// IZ-4 (science-criteria.md §1.4): no phasic dopamine (tonic 0.002 only).
#   + /// IZ-4 (docs/science/criteria.md §1.4): no phasic dopamine (tonic 0.002 only).
# examples/verify.rs:163
#   - /// IZ-5 (science-criteria.md §1.4): Pavlovian protocol, 5 seeds. Pass:
#   + /// IZ-5 (docs/science/criteria.md §1.4): Pavlovian protocol, 5 seeds. Pass:
# src/circuit/anatomy.rs:2
#   - //! region (SCIENCE.md, "Regions").
#   + //! region (docs/science/model.md, "Regions").
# src/circuit/anatomy.rs:69
#   - /// Defaults follow SCIENCE.md's table: high = 1, medium = 0.5, low = 0.2.
#   + /// Defaults follow docs/science/model.md's table: high = 1, medium = 0.5, low = 0.2.
# src/circuit/belief.rs:216
#   - /// Neuron 46:681; science-criteria.md §4.1). The believed context μ̂ has a
#   + /// Neuron 46:681; docs/science/criteria.md §4.1). The believed context μ̂ has a
# src/circuit/manipulation.rs:2
#   - //! the effective settings the circuit runs with (science-criteria.md §14).
#   + //! the effective settings the circuit runs with (docs/science/criteria.md §14).
# src/circuit/manipulation.rs:63
#   - /// to give the directions of science-criteria.md §8 and §14, not doses.
#   + /// to give the directions of docs/science/criteria.md §8 and §14, not doses.
# src/circuit/mod.rs:2
#   - //! (SCIENCE.md, "The rate-level circuit").
#   + //! (docs/science/model.md, "The rate-level circuit").
# src/circuit/mod.rs:181
#   - /// Q-learning as in science-criteria.md §9.1. The optional OpAL actor
#   + /// Q-learning as in docs/science/criteria.md §9.1. The optional OpAL actor
# src/circuit/occupancy.rs:3
#   - //! (an option of the model; science-criteria.md §8, REV-5).
#   + //! (an option of the model; docs/science/criteria.md §8, REV-5).
# src/circuit/structure.rs:2
#   - //! (feature × action) of the ventral striatum (SCIENCE.md, "Plasticity
#   + //! (feature × action) of the ventral striatum (docs/science/model.md, "Plasticity
# src/neuromod/mod.rs:2
#   - //! nucleus from what the task and the circuit provide (SCIENCE.md, "Nuclei").
#   + //! nucleus from what the task and the circuit provide (docs/science/model.md, "Nuclei").
# src/plasticity/associability.rs:22
#   - /// and initial associability α₀ (science-criteria.md §6.2: 0.3, 0.3, 1).
#   + /// and initial associability α₀ (docs/science/criteria.md §6.2: 0.3, 0.3, 1).
# src/plasticity/bcm.rs:51
#   - /// `theta0`. Defaults of science-criteria.md §7.1: η = 0.005, τ_θ = 20,
#   + /// `theta0`. Defaults of docs/science/criteria.md §7.1: η = 0.005, τ_θ = 20,
# src/plasticity/three_factor.rs:81
#   - /// Δs = η·c₀·D₀·e^{−Δ/τc}·τc·τd/(τc+τd) (science-criteria.md §1.4, IZ-1).
#   + /// Δs = η·c₀·D₀·e^{−Δ/τc}·τc·τd/(τc+τd) (docs/science/criteria.md §1.4, IZ-1).
# src/scenario/model.rs:24
#   - /// How tonic norepinephrine maps onto exploration (SCIENCE.md, "Known
#   + /// How tonic norepinephrine maps onto exploration (docs/science/model.md, "Known
# src/scenario/model.rs:38
#   - /// science-criteria.md §9.1 (BAN-1): α = 0.3, β = 5, Q₀ = 0.5.
#   + /// docs/science/criteria.md §9.1 (BAN-1): α = 0.3, β = 5, Q₀ = 0.5.
# src/spiking/mod.rs:4
#   - //! (science-criteria.md §1). [`Simulation`] couples it with the
#   + //! (docs/science/criteria.md §1). [`Simulation`] couples it with the
# src/spiking/network.rs:9
#   - /// Constants of the network (defaults: daspnet.m, science-criteria.md §1.1).
#   + /// Constants of the network (defaults: daspnet.m, docs/science/criteria.md §1.1).
# src/tasks/attention.rs:3
#   - //! (science-criteria.md §4), with intra- and extra-dimensional shifts.
#   + //! (docs/science/criteria.md §4), with intra- and extra-dimensional shifts.
# src/tasks/attention.rs:23
#   - /// Defaults: Yu & Dayan as in science-criteria.md §4.2: 4 cues, τ = 0.98,
#   + /// Defaults: Yu & Dayan as in docs/science/criteria.md §4.2: 4 cues, τ = 0.98,
# src/tasks/bandit.rs:1
#   - //! k-armed bandit with Bernoulli or Gaussian payoffs (science-criteria.md §9.1).
#   + //! k-armed bandit with Bernoulli or Gaussian payoffs (docs/science/criteria.md §9.1).
# src/tasks/bandit.rs:15
#   - /// the 80/20 two-armed Bernoulli bandit of science-criteria.md §9.1, 300 trials.
#   + /// the 80/20 two-armed Bernoulli bandit of docs/science/criteria.md §9.1, 300 trials.
# src/tasks/bandit.rs:124
#   - /// 75 % best choices, the level DOYA-4 (science-criteria.md) counts
#   + /// 75 % best choices, the level DOYA-4 (docs/science/criteria.md) counts
# src/tasks/conditioning.rs:3
#   - //! Montague (1997) (science-criteria.md §2), and the associative designs of
#   + //! Montague (1997) (docs/science/criteria.md §2), and the associative designs of
# src/tasks/delay.rs:2
#   - //! waiting for an uncertain reward (science-criteria.md §13, §3.2) and a
#   + //! waiting for an uncertain reward (docs/science/criteria.md §13, §3.2) and a
# src/tasks/distal_reward.rs:1
#   - //! The distal reward problem (Izhikevich 2007; science-criteria.md §1): a
#   + //! The distal reward problem (Izhikevich 2007; docs/science/criteria.md §1): a
# src/tasks/distal_reward.rs:44
#   - /// Fig. 1 with the constants of daspnet.m (science-criteria.md §1.1), one
#   + /// Fig. 1 with the constants of daspnet.m (docs/science/criteria.md §1.1), one
# src/tasks/restless.rs:2
#   - //! (2006) Nature 441:876 (science-criteria.md §9.2).
#   + //! (2006) Nature 441:876 (docs/science/criteria.md §9.2).
# src/tasks/reversal.rs:1
#   - //! Probabilistic reversal learning (science-criteria.md §8, DOYA-3).
#   + //! Probabilistic reversal learning (docs/science/criteria.md §8, DOYA-3).
# src/tasks/reversal.rs:13
#   - /// 40 trials, 400 trials (science-criteria.md §8.2).
#   + /// 40 trials, 400 trials (docs/science/criteria.md §8.2).
# src/tasks/reward_punishment.rs:3
#   - //! Cools, Altamirano & D'Esposito 2006; science-criteria.md §8, REV-5).
#   + //! Cools, Altamirano & D'Esposito 2006; docs/science/criteria.md §8, REV-5).
# src/tasks/selection.rs:2
#   - //! science-criteria.md §8, REV-4).
#   + //! docs/science/criteria.md §8, REV-4).
# src/tasks/switching.rs:2
#   - //! interference (catastrophic forgetting, science-criteria.md §7.4 CF).
#   + //! interference (catastrophic forgetting, docs/science/criteria.md §7.4 CF).
# src/tasks/two_step.rs:2
#   - //! Neuron 69:1204 (science-criteria.md §9.3).
#   + //! Neuron 69:1204 (docs/science/criteria.md §9.3).
# src/tasks/volatile.rs:2
#   - //! (2007) Nat Neurosci 10:1214 (science-criteria.md §5).
#   + //! (2007) Nat Neurosci 10:1214 (docs/science/criteria.md §5).
# src/tasks/volatile.rs:18
#   - /// trials at 80/20 swapping every 30–40 trials (science-criteria.md §5.1).
#   + /// trials at 80/20 swapping every 30–40 trials (docs/science/criteria.md §5.1).
# tests/plasticity.rs:2
#   - //! criteria of ../shared/science-criteria.md (IDs in each test's comment,
#   + //! criteria of docs/science/criteria.md (IDs in each test's comment,
# tests/plasticity.rs:1102
#   - /// criterion in science-criteria.md, threshold proposed here): a linear
#   + /// criterion in docs/science/criteria.md, threshold proposed here): a linear
# tests/plasticity.rs:1137
#   - /// science-criteria.md; the counts follow from the rule): 2 post × 10 pre.
#   + /// docs/science/criteria.md; the counts follow from the rule): 2 post × 10 pre.
# tests/science.rs:2
#   - //! seeds. Each test names its criterion in ../shared/science-criteria.md.
#   + //! seeds. Each test names its criterion in docs/science/criteria.md.
# tests/science.rs:23
#   - /// BAN-1 (science-criteria.md §9.1): Q-learning α = 0.3, β = 5, Q₀ = 0.5 on an
#   + /// BAN-1 (docs/science/criteria.md §9.1): Q-learning α = 0.3, β = 5, Q₀ = 0.5 on an
# tests/science.rs:125
#   - /// DOYA-4 (science-criteria.md §3.3): scaling δ by g ∈ {1, 0.5, 0}: trials to
#   + /// DOYA-4 (docs/science/criteria.md §3.3): scaling δ by g ∈ {1, 0.5, 0}: trials to
# tests/science.rs:165
#   - /// VIG-1 (science-criteria.md §13; Niv et al. 2007): the optimal latency is
#   + /// VIG-1 (docs/science/criteria.md §13; Niv et al. 2007): the optimal latency is
# tests/science.rs:198
#   - /// 3F-5 (science-criteria.md §7.2): with the third factor at zero (dopamine
#   + /// 3F-5 (docs/science/criteria.md §7.2): with the third factor at zero (dopamine
# tests/science.rs:241
#   - /// REV-6 on the stationary bandit (science-criteria.md §8.3), adaptive-gain
#   + /// REV-6 on the stationary bandit (docs/science/criteria.md §8.3), adaptive-gain
# tests/science.rs:287
#   - /// D1/D2 asymmetry (Frank 2005; science-criteria.md §14): a D2 antagonist
#   + /// D1/D2 asymmetry (Frank 2005; docs/science/criteria.md §14): a D2 antagonist
# tests/science.rs:343
#   - /// VOL-1 and VOL-2 (science-criteria.md §5.3; Behrens et al. 2007; the
#   + /// VOL-1 and VOL-2 (docs/science/criteria.md §5.3; Behrens et al. 2007; the
# tests/science.rs:390
#   - /// REV-3 (science-criteria.md §8.3; Bari et al. 2010): on the 80/20
#   + /// REV-3 (docs/science/criteria.md §8.3; Bari et al. 2010): on the 80/20
# tests/science.rs:455
#   - /// DOYA-2 (science-criteria.md §3.3; Doya 2002, Daw et al. 2006): on the
#   + /// DOYA-2 (docs/science/criteria.md §3.3; Doya 2002, Daw et al. 2006): on the
# tests/science.rs:482
#   - /// MT-1 in the circuit (science-criteria.md §6.3, Smith et al. 2006; the
#   + /// MT-1 in the circuit (docs/science/criteria.md §6.3, Smith et al. 2006; the
# tests/science.rs:521
#   - /// CF-2 in the circuit (science-criteria.md §7.4; McClelland et al. 1995,
#   + /// CF-2 in the circuit (docs/science/criteria.md §7.4; McClelland et al. 1995,
# tests/science.rs:562
#   - /// BCM-3/BCM-5 in the circuit (science-criteria.md §7.1, §11; Kirkwood et
#   + /// BCM-3/BCM-5 in the circuit (docs/science/criteria.md §7.1, §11; Kirkwood et
# tests/science.rs:606
#   - /// REV-4, direction only (science-criteria.md §8.3; Frank, Seeberger &
#   + /// REV-4, direction only (docs/science/criteria.md §8.3; Frank, Seeberger &
# tests/science.rs:659
#   - /// YD-1 and YD-2 (science-criteria.md §4.3; Yu & Dayan 2005) on the
#   + /// YD-1 and YD-2 (docs/science/criteria.md §4.3; Yu & Dayan 2005) on the
# tests/science.rs:715
#   - /// YD-3 (science-criteria.md §4.3): ACh depletion (phasic gain ×0.5) raises
#   + /// YD-3 (docs/science/criteria.md §4.3): ACh depletion (phasic gain ×0.5) raises
# tests/science.rs:802
#   - /// Structural turnover in the circuit (SCIENCE.md, plasticity rule 6; no
#   + /// Structural turnover in the circuit (docs/science/model.md, plasticity rule 6; no
# tests/science.rs:803
#   - /// numeric criterion in science-criteria.md, the directions follow from the
#   + /// numeric criterion in docs/science/criteria.md, the directions follow from the
# tests/science.rs:877
#   - /// Synapse counts and homeostatic scaling as recorded metrics (SCIENCE.md,
#   + /// Synapse counts and homeostatic scaling as recorded metrics (docs/science/model.md,
# tests/science_tasks.rs:3
#   - //! science-criteria.md (shared with the project) with its threshold and source.
#   + //! docs/science/criteria.md with its threshold and source.
# tests/science_tasks.rs:45
#   - /// TD-1 (science-criteria.md §2.4; Montague et al. 1996, Schultz et al. 1997;
#   + /// TD-1 (docs/science/criteria.md §2.4; Montague et al. 1996, Schultz et al. 1997;
# tests/science_tasks.rs:76
#   - /// TD-2 (science-criteria.md §2.4; Schultz et al. 1997): after 100 training
#   + /// TD-2 (docs/science/criteria.md §2.4; Schultz et al. 1997): after 100 training
# tests/science_tasks.rs:105
#   - /// TD-4 (science-criteria.md §2.4; Montague et al. 1996 Fig. 5C, reference
#   + /// TD-4 (docs/science/criteria.md §2.4; Montague et al. 1996 Fig. 5C, reference
# tests/science_tasks.rs:131
#   - /// TD-6 (science-criteria.md §2.4; Waelti, Dickinson & Schultz 2001, from the
#   + /// TD-6 (docs/science/criteria.md §2.4; Waelti, Dickinson & Schultz 2001, from the
# tests/science_tasks.rs:164
#   - /// TD-7 (science-criteria.md §2.4; Niv et al. 2007 tonic = average reward):
#   + /// TD-7 (docs/science/criteria.md §2.4; Niv et al. 2007 tonic = average reward):
# tests/science_tasks.rs:225
#   - /// DOYA-3 (science-criteria.md §3.3; Doya 2002, reference simulation):
#   + /// DOYA-3 (docs/science/criteria.md §3.3; Doya 2002, reference simulation):
# tests/science_tasks.rs:244
#   - /// BAN-1 on the reversal task (science-criteria.md §8.2 reference Q-learning
#   + /// BAN-1 on the reversal task (docs/science/criteria.md §8.2 reference Q-learning
# tests/science_tasks.rs:281
#   - /// BAN-1 with Gaussian payoffs (science-criteria.md §9.1 thresholds, same
#   + /// BAN-1 with Gaussian payoffs (docs/science/criteria.md §9.1 thresholds, same
# tests/science_tasks.rs:296
#   - /// TS-1, model-free half (science-criteria.md §9.3; Daw et al. 2011,
#   + /// TS-1, model-free half (docs/science/criteria.md §9.3; Daw et al. 2011,
# tests/science_tasks.rs:330
#   - /// 5-HT ↔ discount γ (science-criteria.md §3.1–3.2, Doya 2002; direction of
#   + /// 5-HT ↔ discount γ (docs/science/criteria.md §3.1–3.2, Doya 2002; direction of
# tests/science_tasks.rs:354
#   - /// Miyazaki et al. (2018) anchor of SER-1 (science-criteria.md §13): waiting
#   + /// Miyazaki et al. (2018) anchor of SER-1 (docs/science/criteria.md §13): waiting
# tests/science_tasks.rs:373
#   - /// Interference on shared synapses (science-criteria.md §7.4, CF: catastrophic
#   + /// Interference on shared synapses (docs/science/criteria.md §7.4, CF: catastrophic
# tests/science_tasks.rs:394
#   - /// VOL-1, adaptation-disabled half (science-criteria.md §5.3): with a fixed
#   + /// VOL-1, adaptation-disabled half (docs/science/criteria.md §5.3): with a fixed
# tests/science_tasks.rs:416
#   - /// The restless bandit (science-criteria.md §9.2) with the current TD
#   + /// The restless bandit (docs/science/criteria.md §9.2) with the current TD
# tests/science_tasks.rs:442
#   - /// The attention task (science-criteria.md §4) with the current learner: it
#   + /// The attention task (docs/science/criteria.md §4) with the current learner: it
# tests/science_tasks.rs:463
#   - /// RW-7 (science-criteria.md §6.4, optional: the rate implementation on
#   + /// RW-7 (docs/science/criteria.md §6.4, optional: the rate implementation on
# tests/science_tasks.rs:554
#   - /// REV-6 direction (science-criteria.md §8.3; Doya 2002 NE ↔ β) with β set
#   + /// REV-6 direction (docs/science/criteria.md §8.3; Doya 2002 NE ↔ β) with β set
# tests/science_tasks.rs:600
#   - /// SER-1 (science-criteria.md §13; Miyazaki et al. 2014, 2018, read in
#   + /// SER-1 (docs/science/criteria.md §13; Miyazaki et al. 2014, 2018, read in
# tests/science_tasks.rs:636
#   - /// TS-1, model-based half (science-criteria.md §9.3, reference simulation
#   + /// TS-1, model-based half (docs/science/criteria.md §9.3, reference simulation
# tests/science_tasks.rs:650
#   - /// TS-2 (science-criteria.md §9.3; Wunderlich, Smittenaar & Dolan 2012,
#   + /// TS-2 (docs/science/criteria.md §9.3; Wunderlich, Smittenaar & Dolan 2012,
# tests/science_tasks.rs:669
#   - /// SER-2 (science-criteria.md §13; Schweighofer et al. 2008, read in source:
#   + /// SER-2 (docs/science/criteria.md §13; Schweighofer et al. 2008, read in source:
# tests/science_tasks.rs:732
#   - /// REV-5 (science-criteria.md §8.3; Cools, Frank, Gibbs, Miyakawa, Jagust &
#   + /// REV-5 (docs/science/criteria.md §8.3; Cools, Frank, Gibbs, Miyakawa, Jagust &
# tests/spiking.rs:1
#   - //! The spiking network (science-criteria.md §1): the exact three-factor
#   + //! The spiking network (docs/science/criteria.md §1): the exact three-factor
# tests/spiking.rs:12
#   - /// c₀ = D₀ = 1 (science-criteria.md §1.4: 166.67, 101.09, 61.31, 22.56, 8.30).
#   + /// c₀ = D₀ = 1 (docs/science/criteria.md §1.4: 166.67, 101.09, 61.31, 22.56, 8.30).
# tests/spiking.rs:73
#   - /// IZ-1 (science-criteria.md §1.4): single pairing, one DA pulse Δ later:
#   + /// IZ-1 (docs/science/criteria.md §1.4): single pairing, one DA pulse Δ later:
# tests/spiking.rs:99
#   - /// every 10 ms (reference −2.3 % … −3.8 %) within 5 % (science-criteria.md §1.4).
#   + /// every 10 ms (reference −2.3 % … −3.8 %) within 5 % (docs/science/criteria.md §1.4).
# tests/spiking.rs:199
#   - /// 1.2–1.4 Hz (science-criteria.md §1.1, reference simulation); the
#   + /// 1.2–1.4 Hz (docs/science/criteria.md §1.1, reference simulation); the
