import { and, asc, type Column, count, eq, isNull, like, type SQL, sql } from 'drizzle-orm';
import type { Unit, UnitListQuery } from '#common/contracts/units.ts';
import { searchWords } from '#common/domain/text.ts';
import type { UnitKind } from '#common/domain/units.ts';
import { type Db, readAll } from '../../db/client.ts';
import type { UnitScope } from './units.policy.ts';
import { units } from './units.table.ts';

type UnitRow = typeof units.$inferSelect;

export function toUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    provinceId: row.provinceId,
    parentId: row.parentId,
    code: row.code,
    kind: row.kind as UnitKind,
    name: row.name,
    shortName: row.shortName,
    aliases: row.aliases,
    active: row.active,
    validFrom: row.validFrom,
    validTo: row.validTo,
    successorId: row.successorId,
    sortOrder: row.sortOrder,
    version: row.version,
  };
}

/** The SQL condition of a unit scope: the whole province, or one unit and its descendants. */
export function scopeCondition(scope: UnitScope): SQL {
  if (scope.kind === 'province') return eq(units.provinceId, scope.provinceId);
  return sql`${units.id} in (
    with recursive sub(id) as (
      select ${units.id} from ${units} where ${units.id} = ${scope.rootId}
      union all select u.id from ${units} u join sub on u.parent_id = sub.id
    ) select id from sub)`;
}

/** Diacritic-insensitive search: every folded word must occur in the folded search text. */
export function searchCondition(column: Column, query: string | undefined): SQL | undefined {
  const words = searchWords(query ?? '');
  return words.length ? and(...words.map((w) => like(column, `%${w.replace(/[%_\\]/g, '\\$&')}%`))) : undefined;
}

const KIND_ORDER = sql`array_position(array['province','party','council','committee','department','board','sector','university','enterprise','other','ward','commune']::text[], ${units.kind})`;

export async function listUnits(db: Db, scope: UnitScope, query: UnitListQuery) {
  const where = and(
    scopeCondition(scope),
    searchCondition(units.searchText, query.q),
    query.kind ? eq(units.kind, query.kind) : undefined,
    query.parentId ? eq(units.parentId, query.parentId) : undefined,
    query.status === 'all' ? undefined : eq(units.active, query.status === 'active'),
  );
  const [rows, [total]] = await readAll(
    db,
    () =>
      db
        .select()
        .from(units)
        .where(where)
        .orderBy(KIND_ORDER, asc(units.sortOrder), asc(units.name))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
    () => db.select({ n: count() }).from(units).where(where),
  );
  return { items: rows.map(toUnit), total: total?.n ?? 0 };
}

export async function findUnit(db: Db, scope: UnitScope, id: string) {
  const [row] = await db
    .select()
    .from(units)
    .where(and(eq(units.id, id), scopeCondition(scope)));
  return row;
}

export async function findProvinceRoot(db: Db, provinceId: string) {
  const [row] = await db
    .select()
    .from(units)
    .where(and(eq(units.id, provinceId), isNull(units.parentId)));
  return row;
}
