import { Component, type ComponentChildren } from 'preact'
import { Notice } from './notice.js'

/** Shows a failure of a view as a message, instead of a half-drawn page; the rest of the app keeps working. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error: unknown }> {
  override state = { error: null as unknown }

  static override getDerivedStateFromError(error: unknown) {
    return { error }
  }

  override render() {
    if (this.state.error) {
      return (
        <Notice kind="error" title="This view failed to draw.">
          <p>{this.state.error instanceof Error ? this.state.error.message : String(this.state.error)}</p>
          <p>Reload the page; if it happens again, tell the Basketwise team what you opened.</p>
        </Notice>
      )
    }
    return this.props.children
  }
}
