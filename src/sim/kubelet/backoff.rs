//! Back-off durations of the kubelet: container restarts (CrashLoopBackOff) and image pulls
//! (ImagePullBackOff) both start at 10 s and double up to a 5 min cap (`MaxContainerBackOff`).
//! A container that ran for 10 minutes without trouble resets its restart back-off.

use crate::sim::clock::Millis;

/// Initial back-off.
pub const INITIAL: Millis = 10_000;
/// Cap of both back-offs.
pub const MAX: Millis = 300_000;
/// Running this long resets the crash back-off (`2 * MaxContainerBackOff`).
pub const RESET_AFTER: Millis = 600_000;

/// Delay before attempt number `failures` (1 = after the first failure): 10s, 20s, 40s … 5m.
pub fn delay(failures: u32) -> Millis {
    if failures == 0 {
        return 0;
    }
    let shift = (failures - 1).min(16);
    INITIAL.saturating_mul(1u64 << shift).min(MAX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn doubles_and_caps() {
        let d: Vec<u64> = (1..=7).map(super::delay).collect();
        assert_eq!(
            d,
            vec![10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]
        );
    }
}
