import { useState } from 'preact/hooks'
import { apiGet, apiSend } from '../../api/api-client.js'
import { loadStores } from '../../api/load-stores.js'
import type { User } from '../../api/wire-types.js'
import { roleLabel } from '../../layout/role-label.js'
import { ErrorNotice, Loading } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'
import { problemText } from './problem-text.js'
import { UserEditor } from './user-editor.js'
import { UserForm } from './user-form.js'

const ADMIN_VIEWER = { username: '', displayName: '', role: 'admin' as const, stores: [] }

/** Users (admin): the list, a new user, a user's role and stores, disabling and enabling. */
export function UsersView() {
  const [users, reload] = useApi((signal) => apiGet<{ items: User[] }>('/v1/users', undefined, signal), [])
  const [stores] = useApi((signal) => loadStores(ADMIN_VIEWER, signal), [])
  const [editing, setEditing] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const storeCodes = stores.state === 'ok' ? stores.data.map((s) => s.code) : []

  const setDisabled = async (u: User, disabled: boolean) => {
    try {
      await apiSend('PATCH', `/v1/users/${encodeURIComponent(u.username)}`, { disabled })
      setMessage(`${u.username} is ${disabled ? 'disabled: their sessions have ended' : 'enabled again'}.`)
      reload()
    } catch (err) {
      setMessage(problemText(err))
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title" tabIndex={-1}>
        Users
      </h1>
      <p class="toolbar-text" role="status" aria-live="polite">
        {message}
      </p>
      {users.state === 'loading' && <Loading what="users" />}
      {users.state === 'error' && <ErrorNotice error={users.error} what="users" />}
      {users.state === 'ok' && (
        <div class="table-wrap">
          <table>
            <caption>{users.data.items.length} users</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Stores</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.username} data-user={u.username}>
                  <th scope="row">{u.username}</th>
                  <td>{u.displayName}</td>
                  <td>{roleLabel(u.role)}</td>
                  <td>{u.stores.join(', ')}</td>
                  <td>{u.disabled ? `disabled since ${u.disabledAt?.slice(0, 10)}` : 'active'}</td>
                  <td class="actions">
                    <button type="button" onClick={() => setEditing(u.username)} aria-label={`Change role or stores of ${u.username}`}>
                      Change
                    </button>
                    <button type="button" onClick={() => void setDisabled(u, !u.disabled)} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.state === 'ok' && editing && (
        <UserEditor
          key={editing}
          user={users.data.items.find((u) => u.username === editing)!}
          storeCodes={storeCodes}
          onDone={(text) => {
            setEditing(null)
            if (text) {
              setMessage(text)
              reload()
            }
          }}
        />
      )}
      <UserForm
        storeCodes={storeCodes}
        onCreated={(u) => {
          setMessage(`${u.username} was added as ${roleLabel(u.role)}.`)
          reload()
        }}
      />
    </section>
  )
}
