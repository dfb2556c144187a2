// Registers the matchers from source, as `import 'probably/vitest'` does from the built package.
import '../../matchers/vitest'
