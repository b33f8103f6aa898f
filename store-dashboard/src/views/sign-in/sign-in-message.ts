/**
 * What a failed sign-in tells the person: the server answers the same 401 for an unknown user,
 * a disabled one and a wrong password, and so does this.
 * @example signInMessage(429, 600) // 'Too many failed sign-ins. Try again in 10 minutes.'
 */
export function signInMessage(status: number, retryAfterSeconds: number | null): string {
  switch (status) {
    case 401:
      return 'Wrong username or password.'
    case 429: {
      if (retryAfterSeconds === null) return 'Too many failed sign-ins. Try again later.'
      const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
      return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
    }
    case 400:
      return 'Enter a username and a password.'
    case 403:
      return 'Sign-in was refused: open the dashboard at its own address and try again.'
    default:
      return `Sign-in failed (the server answered ${status}). Try again.`
  }
}
