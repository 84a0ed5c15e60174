//! How far a farm's word counts moved the spinner's way against the honest documents: the
//! original's deficit and the replacement's excess, and whether the two agree (the counts
//! vouch for a pair the farm learner's EM credits with few replacements). Apart from
//! `spin::farm` so the test of the counts stands alone.

/// Least significance (standard errors) of both the original's deficit and the spun word's
/// excess for a pair to stand on the farm's counts when the EM credits it with fewer than
/// `FarmOptions::min_count` replacements: a spun word whose occurrences the EM spreads over
/// many candidate originals (rare ones soak up the posterior: "snags" for "lands", 1.5
/// expected of 51) is still over-represented, and its original under-represented, by the
/// same number of occurrences. On a 200-article farm without sources: 0.617 -> 0.633 of the
/// spinner's replacements learned, precision 0.880 -> 0.878 (offline, on the candidate
/// pairs' figures; 4 standard errors: 0.625 at 0.880).
pub(super) const AGREED_MIN_Z: f64 = 3.0;
/// Largest ratio between the original's deficit and the spun word's excess (occurrences) for
/// them to agree ([`AGREED_MIN_Z`]).
const AGREED_MAX_RATIO: f64 = 2.0;

/// The shift of one pair: `missing`, `extra` and their significance (see `farm::shift`).
pub(super) struct Shift {
    /// Occurrences of the original missing from the farm against the honest expectation.
    pub missing: f64,
    /// Occurrences of the spun word in the farm over the honest expectation.
    pub extra: f64,
    /// Share of the farm's spun words in excess of the honest expectation.
    pub excess_share: f64,
    pub deficit: f64,
    pub z_original: f64,
    pub z_spun: f64,
}

impl Shift {
    /// From the farm's counts of the original and the spun word, `(fo, fs)`, and each one's
    /// honest expectation and its variance.
    pub fn new((fo, fs): (f64, f64), (eo, vo): (f64, f64), (es, vs): (f64, f64)) -> Shift {
        Shift {
            missing: eo - fo,
            extra: fs - es,
            excess_share: ((fs - es) / fs.max(1.0)).clamp(0.0, 1.0),
            deficit: 1.0 - fo / eo.max(f64::MIN_POSITIVE),
            z_original: (eo - fo) / (fo + vo).sqrt().max(1e-9),
            z_spun: (fs - es) / (fs + vs).sqrt().max(1e-9),
        }
    }

    /// Whether the farm's counts alone make the pair's case (see [`AGREED_MIN_Z`]): the
    /// original's deficit and the spun word's excess are both significant, both at least
    /// `min_count` occurrences, and within [`AGREED_MAX_RATIO`] of each other, as they are
    /// when the spinner turned the one into the other.
    pub fn agrees(&self, min_count: f64) -> bool {
        let (low, high) = (self.missing.min(self.extra), self.missing.max(self.extra));
        self.z_original >= AGREED_MIN_Z
            && self.z_spun >= AGREED_MIN_Z
            && low >= min_count
            && high <= AGREED_MAX_RATIO * low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(missing: f64, extra: f64, z: f64) -> Shift {
        Shift {
            missing,
            extra,
            excess_share: 1.0,
            deficit: 0.8,
            z_original: z,
            z_spun: z,
        }
    }

    #[test]
    fn counts_vouch_for_a_pair_when_deficit_and_excess_agree() {
        // "lands" 45 short of the honest expectation, "snags" 50 over it
        assert!(shift(45.0, 50.0, 5.5).agrees(3.0));
        // the spun word's excess is far more than the original's deficit explains
        assert!(!shift(10.0, 50.0, 5.5).agrees(3.0));
        // too few occurrences, or not significant
        assert!(!shift(2.0, 2.5, 5.5).agrees(3.0));
        assert!(!shift(45.0, 50.0, 2.5).agrees(3.0));
    }
}
