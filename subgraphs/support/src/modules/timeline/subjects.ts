import type { SupportLoaders } from '../../context';
import type { CaseRow } from '../cases/repository';
import type { ConversationRow } from '../conversations/repository';
import type { InteractionRow } from '../interactions/repository';
import type { NoteRow } from '../notes/repository';
import { subjectTypenameOf } from './kinds';
import type { TimelineRow } from './repository';

/** An entity another subgraph owns, as `support` knows it: only the key. */
export interface EntityRef {
  id: string;
}

/** A timeline subject owned elsewhere: a reference the gateway resolves with the owner. */
export interface ForeignSubject extends EntityRef {
  __typename: 'Order' | 'Appointment' | 'Service' | 'ServiceOrder' | 'Customer';
}

/**
 * A `TimelineSubject`: a reference for types other subgraphs own, or the loaded row
 * (tagged with its typename) for the ones `support` owns, whose fields it answers itself.
 */
export type TimelineSubjectValue =
  | ForeignSubject
  | (CaseRow & { __typename: 'Case' })
  | (InteractionRow & { __typename: 'Interaction' })
  | (NoteRow & { __typename: 'Note' })
  | (ConversationRow & { __typename: 'Conversation' });

/** An `AttentionSubject`: a timeline subject, or an app session (engagement answers its fields). */
export type AttentionSubjectValue = TimelineSubjectValue | { __typename: 'AppSession'; id: string };

const tag = <R extends object, T extends string>(row: R | null, typename: T) =>
  row === null ? null : { ...row, __typename: typename };

/** The entry's subject; null when its typename is not in the union or the row is gone. */
export async function subjectOf(
  entry: Pick<TimelineRow, 'subject_type' | 'subject_id'>,
  loaders: SupportLoaders,
): Promise<TimelineSubjectValue | null> {
  const id = entry.subject_id;
  const typename = subjectTypenameOf(entry.subject_type);
  switch (typename) {
    case null:
      return null;
    case 'Case':
      return tag(await loaders.caseById.load(id), typename);
    case 'Interaction':
      return tag(await loaders.interactionById.load(id), typename);
    case 'Note':
      return tag(await loaders.noteById.load(id), typename);
    case 'Conversation':
      return tag(await loaders.conversationById.load(id), typename);
    case 'Order':
    case 'Appointment':
    case 'Service':
    case 'ServiceOrder':
    case 'Customer':
      return { __typename: typename, id };
  }
}
