// How early a Node timer may seem to fire when timed with performance.now(): libuv runs
// timers against its loop clock, sampled once per loop iteration, so a timer armed late in
// an iteration can fire up to a few ms before its delay has passed on the precise clock.
// Lower bounds on a measured timeout allow this much; upper bounds on wall-clock time are
// not asserted at all (a busy machine stretches them without any defect).
export const TIMER_SLACK_MS = 5;
