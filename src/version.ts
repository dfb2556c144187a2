/** The library's version, written into every baseline it records (checked against package.json in test/unit/baselines.test.ts). */
export const VERSION = '0.1.0'
