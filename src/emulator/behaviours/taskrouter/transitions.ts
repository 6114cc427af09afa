/**
 * The moves a client may make to Tasks and Reservations, as TaskRouter allows them. Anything
 * else is refused with a 400 naming the move; the engine then undoes the stored update.
 */
import { invalidParam } from '../../errors.js';

/**
 * `AssignmentStatus` values a Task update may set, and the statuses each may be set from: a task
 * is canceled until it is assigned; an assigned task wraps up or completes; a wrapping one
 * completes. `pending`, `reserved` and `assigned` are TaskRouter's to set, through routing.
 */
const TASK_MOVES: Readonly<Record<string, readonly string[]>> = {
  canceled: ['pending', 'reserved'],
  wrapping: ['assigned'],
  completed: ['assigned', 'wrapping'],
};

const TASK_VERBS: Readonly<Record<string, string>> = { canceled: 'cancel', wrapping: 'wrap up', completed: 'complete' };

/**
 * `ReservationStatus` moves: a pending reservation is accepted, rejected, timed out, canceled or
 * rescinded; an accepted one wraps up or completes; a wrapping one completes.
 */
const RESERVATION_MOVES: Readonly<Record<string, readonly string[]>> = {
  pending: ['accepted', 'rejected', 'timeout', 'canceled', 'rescinded'],
  accepted: ['wrapping', 'completed'],
  wrapping: ['completed'],
};

/** Throws a 400 unless a client may move task `sid` from `from` to `to`. */
export function checkTaskMove(sid: string, from: unknown, to: string): void {
  const allowedFrom = TASK_MOVES[to];
  if (!allowedFrom) {
    throw invalidParam(`Invalid AssignmentStatus '${to}' for task ${sid}: TaskRouter sets it; a client may set canceled, wrapping or completed`);
  }
  if (!allowedFrom.includes(String(from))) {
    throw invalidParam(`Cannot ${TASK_VERBS[to]} task ${sid} because it is ${String(from)}, not ${allowedFrom.join(' or ')}`);
  }
}

/** Throws a 400 unless reservation `sid` may move from `from` to `to`. */
export function checkReservationMove(sid: string, from: unknown, to: string): void {
  if (RESERVATION_MOVES[String(from)]?.includes(to)) return;
  throw invalidParam(`Invalid ReservationStatus: reservation ${sid} cannot move from ${String(from)} to ${to}`);
}
