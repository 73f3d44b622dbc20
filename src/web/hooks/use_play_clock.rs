//! While Play is on, move the virtual clock: every 100 ms of wall time dispatch a `Tick` of
//! 100 ms × speed. The interval handle lives in the effect, so Pause, a speed change or
//! unmounting drops it (no leaked timers).

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::web::bridge::Action;

/// Wall milliseconds between ticks. Small enough for smooth bars, large enough to keep the
/// simulation's work per second low on a phone.
const FRAME_MS: u32 = 100;

#[hook]
pub fn use_play_clock(playing: bool, speed: f64, on_action: Callback<Action>) {
    use_effect_with((playing, speed.to_bits()), move |&(playing, _)| {
        let interval = playing.then(|| {
            // Round to whole virtual milliseconds; 0.25× gives 25 ms per frame.
            let ms = (f64::from(FRAME_MS) * speed).round().max(1.0) as u64;
            Interval::new(FRAME_MS, move || on_action.emit(Action::Tick { ms }))
        });
        move || drop(interval)
    });
}
