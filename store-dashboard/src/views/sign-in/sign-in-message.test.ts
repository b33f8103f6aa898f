import { describe, expect, it } from 'vitest'
import { signInMessage } from './sign-in-message.js'

describe('signInMessage', () => {
  it('says the same for every 401', () => {
    expect(signInMessage(401, null)).toBe('Wrong username or password.')
  })

  it('says how long to wait after too many failures', () => {
    expect(signInMessage(429, 600)).toBe('Too many failed sign-ins. Try again in 10 minutes.')
    expect(signInMessage(429, 30)).toBe('Too many failed sign-ins. Try again in 1 minute.')
    expect(signInMessage(429, null)).toBe('Too many failed sign-ins. Try again later.')
  })
})
