// Types for the example suites. They use the runners' globals (`test`, `expect`, `describe`), so one file
// runs unchanged under Vitest (`globals: true`) and Jest. The types come from Vitest's globals and from
// `probably/vitest`, which adds the matchers to Vitest's `expect`; under Jest, @swc/jest strips types.
/// <reference types="vitest/globals" />
import 'probably/vitest'
