/**
 * The one clock reading a test file's seeds and its expectations share (SeedOptions.now):
 * the persona stories are told relative to it, so a suite that seeds just before an
 * hour or a day turns and asserts just after sees the times its seed wrote. Read once
 * per test file: jest gives every test file its own module registry.
 */
export const SEED_NOW = new Date();

/** The hour of {@link SEED_NOW}: what a seed's times depend on, as a snapshot key. */
export const SEED_HOUR = Math.floor(SEED_NOW.getTime() / 3_600_000);

/**
 * The clocks a rerun of a seed must add nothing at: the seed's own, and a restart an
 * hour and a day later (the stories move with the hour before 10:00 UTC, and with the day).
 */
export const RERUN_CLOCKS: readonly Date[] = [0, 1, 24].map(
  (hours) => new Date(SEED_NOW.getTime() + hours * 3_600_000),
);
