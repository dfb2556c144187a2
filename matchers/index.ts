/** Every matcher, as the object that `expect.extend` takes. */
import { toBeWithinInterval } from './toBeWithinInterval'

export const matchers = {
  toBeWithinInterval,
}
