import { chromium, type Browser } from 'playwright-core'

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Headless Chromium for the browser tests and the screenshots, with nothing running in the
 * background: no component updates, no network of its own, no first-run pages.
 */
export function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}
