/** The one rule for tenant ids, shared by the service, the HTTP routes and the CLI. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export function isTenantId(value: string): boolean {
  return TENANT_ID_PATTERN.test(value);
}
