import type { Queryable } from '../../../../shared/db';

/** The offering of one `ACTIVE` service of a customer. */
export interface ActiveOfferingRow {
  customer_id: string;
  offering_id: string;
}

/** A booked or confirmed visit whose technician lacks some of the required skills. */
export interface SkillMismatchRow {
  id: string;
  customer_id: string;
  window_start: Date;
  technician_name: string;
  /** Required skills the technician lacks, in the order the visit lists them. */
  missing_skills: string[];
}

/** A service order at risk, with its latest jeopardy alert when it has one. */
export interface JeopardisedServiceOrderRow {
  id: string;
  customer_id: string;
  status: string;
  alert_name: string | null;
  alert_message: string | null;
}

/** Offering ids of the ACTIVE services of many customers, oldest service first. */
export function activeOfferingsByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<ActiveOfferingRow[]> {
  return db.query<ActiveOfferingRow>(
    `SELECT customer_id, offering_id FROM provisioning.service
      WHERE customer_id = ANY($1::text[]) AND status = 'ACTIVE'
      ORDER BY customer_id, created_at, id`,
    [customerIds],
  );
}

/** Upcoming (INITIALIZED/CONFIRMED) visits of many customers sent with the wrong skills. */
export function skillMismatchesByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<SkillMismatchRow[]> {
  return db.query<SkillMismatchRow>(
    `SELECT a.id, a.customer_id, a.window_start, t.name AS technician_name,
            ARRAY(SELECT r.skill FROM unnest(a.required_skills) WITH ORDINALITY AS r(skill, n)
                   WHERE NOT r.skill = ANY(t.skills) ORDER BY r.n) AS missing_skills
       FROM provisioning.appointment a
       JOIN provisioning.technician t ON t.id = a.technician_id
      WHERE a.customer_id = ANY($1::text[])
        AND a.status IN ('INITIALIZED', 'CONFIRMED')
        AND NOT a.required_skills <@ t.skills
      ORDER BY a.customer_id, a.window_start, a.id`,
    [customerIds],
  );
}

/**
 * Open service orders (not COMPLETED/CANCELLED) of many customers that are HELD,
 * PENDING or carry a jeopardy alert, each with its latest alert.
 */
export function jeopardisedServiceOrdersByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<JeopardisedServiceOrderRow[]> {
  return db.query<JeopardisedServiceOrderRow>(
    `SELECT so.id, so.customer_id, so.status, ja.name AS alert_name, ja.message AS alert_message
       FROM provisioning.service_order so
       LEFT JOIN LATERAL (
         SELECT name, message FROM provisioning.jeopardy_alert
          WHERE service_order_id = so.id ORDER BY raised_at DESC, id DESC LIMIT 1
       ) ja ON true
      WHERE so.customer_id = ANY($1::text[])
        AND so.status NOT IN ('COMPLETED', 'CANCELLED')
        AND (so.status IN ('HELD', 'PENDING') OR ja.name IS NOT NULL)
      ORDER BY so.customer_id, so.created_at DESC, so.id DESC`,
    [customerIds],
  );
}
