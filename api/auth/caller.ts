/** Who is calling, as established by the API key. */
export type Caller =
  | { role: 'admin'; keyId: number; storeId: null }
  | { role: 'terminal'; keyId: number; storeId: number }
