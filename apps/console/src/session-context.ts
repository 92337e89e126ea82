import { createContext, useContext } from 'react';
import { type OperatorRole, type WhoAmI } from './api/types';

const RANK: Record<OperatorRole, number> = { viewer: 0, operator: 1, admin: 2 };

export interface Session {
  who: WhoAmI;
  /** Whether the signed-in role reaches `role` (actions of lower roles only show). */
  can(role: OperatorRole): boolean;
  signOut(): void;
}

export function sessionFor(who: WhoAmI, signOut: () => void): Session {
  return { who, can: (role) => RANK[who.role] >= RANK[role], signOut };
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
