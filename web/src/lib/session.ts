import { useQuery } from '@tanstack/react-query';
import type { Me } from '#common/contracts/users.ts';
import { setClock } from '#common/domain/iso-date.ts';
import type { Permission } from '#common/permissions.ts';
import { ApiError, api, setCsrfToken } from './api.ts';

export const ME_KEY = ['me'] as const;

/** Who is logged in, or null; a 401 here is an answer, not an error. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/me', { sessionRedirect: false });
    setCsrfToken(me.csrfToken);
    // The pages judge "today" (defaults, limits, overdue marks) by the server's clock, shifted or not.
    setClock(new Date(me.now));
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY, retry: false });
}

/** The logged-in user; only inside the authenticated shell, where Me is known. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession outside the authenticated shell');
  return data;
}

export function useCan(): (permission: Permission) => boolean {
  const me = useSession();
  return (permission) => me.permissions.includes(permission);
}
