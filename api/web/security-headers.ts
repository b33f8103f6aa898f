/**
 * The Content-Security-Policy of the dashboard's pages: everything from our own origin only.
 * - No inline or third-party scripts ('self' only): the Vite build emits external modules.
 * - No inline styles either: Preact and ECharts set styles through the CSSOM (`el.style.x`),
 *   which CSP allows; style *attributes* in markup would be refused, so the app writes none.
 * - `img-src data: blob:`: ECharts exports and decals draw through data and blob URLs.
 * - `frame-ancestors 'none'`: no other site may frame the dashboard (clickjacking).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers every dashboard response carries (pages, assets and the 503 page alike). */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  // For browsers that predate CSP's frame-ancestors.
  'X-Frame-Options': 'DENY',
})

/** Cache-Control of a dashboard file: hashed assets never change under their name; index.html always revalidates. */
export function cacheControlOf(path: string): string {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
}
