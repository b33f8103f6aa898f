import { apiGet, isStatus } from '../../api/api-client.js'
import type { Page, SessionUser, UnmappedSku } from '../../api/wire-types.js'
import { formatCount } from '../../ui/format.js'
import { ErrorNotice, Loading, Notice } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'

/**
 * The SKUs the tills sold that the catalogue does not know, for the caller's stores:
 * GET /v1/dashboard/unmapped-skus (scoped by the server), or the admin's /v1/unmapped-skus
 * while that endpoint is not on the server.
 */
async function loadUnmapped(signal: AbortSignal): Promise<UnmappedSku[]> {
  try {
    return (await apiGet<{ items: UnmappedSku[] }>('/v1/dashboard/unmapped-skus', undefined, signal)).items
  } catch (err) {
    if (!isStatus(err, 404)) throw err
  }
  return (await apiGet<Page<UnmappedSku>>('/v1/unmapped-skus', { limit: 1000 }, signal)).items
}

export function UnmappedView({ user }: { user: SessionUser }) {
  const [skus] = useApi(loadUnmapped, [])
  const mine = (list: UnmappedSku[]) => (user.role === 'store_manager' ? list.filter((s) => user.stores.includes(s.storeCode)) : list)
  let body
  if (skus.state === 'loading') body = <Loading what="unmapped SKUs" />
  else if (skus.state === 'error') body = <ErrorNotice error={skus.error} what="unmapped SKUs" />
  else if (mine(skus.data).length === 0) body = <Notice kind="empty" title="Every SKU sold is in the catalogue." />
  else {
    const list = mine(skus.data)
    body = (
      <div class="table-wrap">
        <table>
          <caption>
            {list.length} SKUs sold but not in the catalogue{user.role === 'store_manager' ? ` in ${user.stores.join(', ')}` : ''}; creating the product maps their sales
          </caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">SKU</th>
              <th scope="col">First sold</th>
              <th scope="col">Last sold</th>
              <th scope="col" class="num">Sales lines</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={`${s.storeCode}/${s.sku}`}>
                <td>{s.storeCode}</td>
                <th scope="row">{s.sku}</th>
                <td>{s.firstBusinessDay}</td>
                <td>{s.lastBusinessDay}</td>
                <td class="num">{formatCount(s.lineCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  }
  return (
    <section aria-labelledby="unmapped-title">
      <h1 id="unmapped-title" tabIndex={-1}>
        Unmapped SKUs
      </h1>
      {body}
    </section>
  )
}
