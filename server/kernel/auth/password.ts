import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimum (m = 19 MiB, t = 2, p = 1). */
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

/** Compares against a real hash even for unknown users, so timing does not reveal them. */
const DUMMY = hash('theodoi-dummy-password', OPTIONS);
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  try {
    return await verify(storedHash ?? (await DUMMY), password);
  } catch {
    return false;
  }
}
