import { useQueries } from '@tanstack/react-query';
import type { Unit } from '#common/contracts/units.ts';
import { api } from '../../lib/api.ts';

export const unitKey = (id: string) => ['units', 'one', id] as const;

export function fetchUnit(id: string): Promise<Unit> {
  return api<Unit>(`/api/units/${id}`);
}

/** Names of the units these ids point to (parents, successors), each fetched once and cached. */
export function useUnitNames(ids: (string | null | undefined)[]): Map<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  return useQueries({
    queries: unique.map((id) => ({ queryKey: unitKey(id), queryFn: () => fetchUnit(id), staleTime: 5 * 60_000, meta: { silent: true } })),
    combine: (results) => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data.name] as const] : []))),
  });
}
