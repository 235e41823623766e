/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Writes a note about a case, an order or an appointment. */
export type AddNoteInput = {
  /** The agent writing the note (an agent id, e.g. `agt-care-jordan`); required until sign-in arrives. */
  actor?: string | null | undefined;
  /** The note, 1 to 10,000 characters, not blank. */
  body: string;
  /** The channel the agent is serving the customer on; default the case's channel, or PHONE for orders and appointments. */
  channel?: Channel | null | undefined;
  /** The customer the order or appointment belongs to; required unless the subject is a case (then it must match the case's customer if given). */
  customerId?: string | number | null | undefined;
  /** A fresh key per attempt; retrying with the same key returns the same note and writes nothing. */
  idempotencyKey: string;
  /** A case id (`case-...`), an order id (`ord-...`) or an appointment id (`apt-...`). */
  subjectId: string | number;
};

/** How one attempt at an app function ended (docs/mobile-outcomes.md). */
export type AppAttemptOutcome =
  /** No result, and the session ended or has been idle for 30 minutes: the customer gave up midway. */
  | 'ABANDONED'
  /** The function's last result in the session was a failure. */
  | 'FAILED'
  /** No result yet and the customer is still in the session. */
  | 'IN_PROGRESS'
  /** The function's last result in the session was a success. */
  | 'SUCCEEDED';

/** Where the customer runs the app. */
export type AppPlatform =
  /** The Android app. */
  | 'ANDROID'
  /** The iPhone / iPad app. */
  | 'IOS'
  /** The web app in a browser. */
  | 'WEB';

/** Where a technician visit stands [TMF646 Appointment.status]. */
export type AppointmentStatus =
  /** TMF646 `cancelled`: will not happen; a new appointment is needed if the work still is. */
  | 'CANCELLED'
  /** TMF646 `completed`: the visit happened and the job was done; see `outcome`. */
  | 'COMPLETED'
  /** TMF646 `confirmed`: the window and the technician are confirmed. */
  | 'CONFIRMED'
  /** TMF646 `failed`: the visit happened (or should have) but the job could not be done; see `outcome`. */
  | 'FAILED'
  /** TMF646 `initialized`: booked for a window, not yet confirmed with the customer or a technician. */
  | 'INITIALIZED';

/** Why a customer needs attention. Each code is traceable to a story in DOMAIN.md. */
export type AttentionCode =
  /** The customer tried an app function in the last 24 hours (`APP_ATTEMPT_WINDOW_HOURS`) and it failed or they stopped midway; the subject is the session. Clears when the function later succeeds or a rep marks it handled. */
  | 'APP_ATTEMPT_FAILED'
  /** The customer asked on a channel that cannot do what they asked (e.g. an order change over social media): offer a verified handoff that keeps the context. */
  | 'CHANNEL_CANNOT_COMPLETE'
  /** Consent or quiet hours restrict contacting the customer. */
  | 'CONTACT_RESTRICTED'
  /** What is active is a lower tier than what was ordered. */
  | 'DELIVERED_BELOW_ORDERED'
  /** An ordered offering does not support the delivery method chosen (e.g. streaming for a set-top-box-only package). */
  | 'INCOMPATIBLE_DELIVERY'
  /** An open case is about an order that is still in flight: check the order before promising anything. */
  | 'OPEN_CASE_ON_ACTIVE_ORDER'
  /** An order or service order is held on our side, pending on the customer, or carries a jeopardy alert. */
  | 'ORDER_IN_JEOPARDY'
  /** Two or more inbound contacts about the same subject within 7 days. */
  | 'REPEAT_CONTACT'
  /** A conversation stopped part-way and can be resumed at the step where it stopped. */
  | 'RESUMABLE_CONVERSATION'
  /** A booked visit needs a skill (e.g. REWIRING) its technician does not have. Assign a technician who has it. */
  | 'SKILL_MISMATCH'
  /** Notes were added to an open case since its assigned rep last opened this customer. */
  | 'UNREAD_NOTES';

/** How urgently a rep should act on an attention flag. */
export type AttentionSeverity =
  /** The customer is being failed right now; act first. */
  | 'CRITICAL'
  /** Worth knowing before talking to the customer. */
  | 'INFO'
  /** Something is wrong or about to go wrong; act during this contact. */
  | 'WARNING';

/** How urgently a case must be handled [TMF621 TroubleTicket priority]. */
export type CasePriority =
  /** Handle before normal cases, e.g. a service not working. */
  | 'HIGH'
  /** Handle when time allows. */
  | 'LOW'
  /** Handle in the usual order. */
  | 'NORMAL'
  /** Handle now, e.g. an outage or a vulnerable customer. */
  | 'URGENT';

/** Where a case stands [TMF621 TroubleTicket status]. */
export type CaseStatus =
  /** Received, not yet worked on (TMF621 `acknowledged`). */
  | 'ACKNOWLEDGED'
  /** Withdrawn by the customer (TMF621 `cancelled`). */
  | 'CANCELLED'
  /** Finished for good (TMF621 `closed`). */
  | 'CLOSED'
  /** Blocked on us or a third party (TMF621 `held`). */
  | 'HELD'
  /** Someone is working on it (TMF621 `inProgress`). */
  | 'IN_PROGRESS'
  /** Waiting on the customer (TMF621 `pending`). */
  | 'PENDING'
  /** Not accepted, e.g. a duplicate or not our fault (TMF621 `rejected`). */
  | 'REJECTED'
  /** Fixed; the customer may still reopen it (TMF621 `resolved`). */
  | 'RESOLVED';

/**
 * A channel through which a customer reaches the company, or the company reaches them.
 * The same values are used by every subgraph.
 */
export type Channel =
  /** Web or in-app chat. */
  | 'CHAT'
  /** Email. */
  | 'EMAIL'
  /** A technician at the customer's place. */
  | 'FIELD_TECHNICIAN'
  /** The company's mobile app. */
  | 'MOBILE_APP'
  /** A voice call with a rep or an IVR. */
  | 'PHONE'
  /** Text message. */
  | 'SMS'
  /** A social-media message or reply. */
  | 'SOCIAL'
  /** A visit to a store. */
  | 'STORE'
  /** The company's website. */
  | 'WEBSITE';

/** What a consent covers [TMF644 PartyPrivacyProfile purposes]. */
export type ConsentPurpose =
  /** Offers and promotions. */
  | 'MARKETING'
  /** Messages about the customer's own orders, appointments and outages. */
  | 'SERVICE_NOTIFICATIONS'
  /** Satisfaction surveys and research. */
  | 'SURVEYS'
  /** Sharing data with partners. */
  | 'THIRD_PARTY_SHARING';

/** Market segment, which decides offers and service levels. */
export type CustomerSegment =
  /** A private person or household. */
  | 'CONSUMER'
  /** An enterprise account with a contract. */
  | 'ENTERPRISE'
  /** A small business account. */
  | 'SMALL_BUSINESS';

/** Lifecycle of a customer relationship [TMF629 Customer.status]. */
export type CustomerStatus =
  /** Has at least one product or open order. */
  | 'ACTIVE'
  /** The relationship has ended; kept for history. */
  | 'CLOSED'
  /** Known to us, no active product yet. */
  | 'PROSPECT'
  /** Services are suspended (e.g. for non-payment). */
  | 'SUSPENDED';

/** How an offering reaches the customer. Shared by `orders` and `provisioning`. */
export type DeliveryMethod =
  /** Collected by the customer in a store. */
  | 'IN_STORE_PICKUP'
  /** The customer installs it with a kit we send. */
  | 'SELF_INSTALL'
  /** TV delivered through a set-top box wired at the customer's place. */
  | 'SET_TOP_BOX'
  /** Shipped to the customer's address. */
  | 'SHIPPING'
  /** TV delivered as an app stream; no box or wiring needed. */
  | 'STREAMING'
  /** A technician installs it at the customer's place. */
  | 'TECHNICIAN_INSTALL';

/** What a piece of equipment at the customer's place is. */
export type EquipmentKind =
  /** A DSL or cable modem. */
  | 'MODEM'
  /** An optical network terminal, where the fibre line ends inside the home. */
  | 'ONT'
  /** A Wi-Fi router. */
  | 'ROUTER'
  /** A TV set-top box. */
  | 'SET_TOP_BOX'
  /** A mobile SIM card. */
  | 'SIM';

/** The kinds of identifier a channel may know a customer by. */
export type IdentifierKind =
  /** The billing account number printed on invoices (e.g. `ACC-100234`). */
  | 'ACCOUNT_NUMBER'
  /** The id of an app installation on a device (e.g. `ios-7f3a9c21`). */
  | 'APP_DEVICE'
  /** An email address; matched case-insensitively. */
  | 'EMAIL'
  /** A phone number in any common format; normalised to E.164 before matching. */
  | 'PHONE'
  /** A social-media handle, with or without the leading @; matched case-insensitively. */
  | 'SOCIAL';

/** What a technician visit is for. The job type decides which technicians may be sent. */
export type JobType =
  /** Replace a piece of equipment (router, set-top box...). */
  | 'EQUIPMENT_SWAP'
  /** Install a new service and its equipment. */
  | 'INSTALL'
  /** Find and fix a fault in a working service. */
  | 'REPAIR'
  /** Rewire the building or the home so a service can be installed. */
  | 'REWIRING'
  /** Look at the place before an install to plan the work. */
  | 'SURVEY';

/** The catalogue section an offering belongs to [TMF620 ProductOffering.category]. */
export type OfferingCategory =
  /** Hardware such as set-top boxes and routers. */
  | 'EQUIPMENT'
  /** Home broadband; `downloadMbps` says the speed. */
  | 'INTERNET'
  /** Mobile plans. */
  | 'MOBILE'
  /** TV channel packages, by box or by stream. */
  | 'TV'
  /** Fixed-line phone service. */
  | 'VOICE';

/** Where an order is in its life [TMF622 ProductOrder.state]. */
export type OrderStatus =
  /** TMF622 `acknowledged`: received and checked, work not started yet. */
  | 'ACKNOWLEDGED'
  /** TMF622 `assessingCancellation`: the customer asked to cancel; we are checking whether we still can. */
  | 'ASSESSING_CANCELLATION'
  /** TMF622 `cancelled`: stopped before completion; nothing more will be delivered. */
  | 'CANCELLED'
  /** TMF622 `completed`: everything ordered was delivered. */
  | 'COMPLETED'
  /** TMF622 `failed`: could not be fulfilled; nothing was delivered. */
  | 'FAILED'
  /** TMF622 `held`: blocked on our side; the latest `statusHistory` entry says why. */
  | 'HELD'
  /** TMF622 `inProgress`: being fulfilled. */
  | 'IN_PROGRESS'
  /** TMF622 `partial`: finished with only some items delivered. */
  | 'PARTIAL'
  /** TMF622 `pending`: waiting on the customer (a choice, a document, access to the place). */
  | 'PENDING'
  /** TMF622 `pendingCancellation`: cancellation accepted and being carried out. */
  | 'PENDING_CANCELLATION'
  /** TMF622 `rejected`: refused at validation (e.g. not serviceable at the address). */
  | 'REJECTED';

/**
 * Where a service order stands [TMF641 ServiceOrder.state]. The same 11 values as
 * product orders, so a rep reads both the same way.
 */
export type ServiceOrderStatus =
  /** TMF641 `acknowledged`: received and checked; work has not started. */
  | 'ACKNOWLEDGED'
  /** TMF641 `assessingCancellation`: the customer asked to cancel; we are checking what can still be stopped. */
  | 'ASSESSING_CANCELLATION'
  /** TMF641 `cancelled`: stopped before completion. */
  | 'CANCELLED'
  /** TMF641 `completed`: everything ordered is delivered. */
  | 'COMPLETED'
  /** TMF641 `failed`: could not be delivered at all. */
  | 'FAILED'
  /** TMF641 `held`: blocked on our side (a missing skill, stock, a network fault); see `jeopardyAlerts`. */
  | 'HELD'
  /** TMF641 `inProgress`: being fulfilled. */
  | 'IN_PROGRESS'
  /** TMF641 `partial`: finished with only part of the order delivered. */
  | 'PARTIAL'
  /** TMF641 `pending`: waiting on the customer (an answer, access, a payment). */
  | 'PENDING'
  /** TMF641 `pendingCancellation`: cancellation accepted and being carried out. */
  | 'PENDING_CANCELLATION'
  /** TMF641 `rejected`: refused when received (e.g. the place cannot be served). */
  | 'REJECTED';

/** Lifecycle of an installed service [TMF638 Service.state]. */
export type ServiceStatus =
  /** TMF638 `active`: installed and working; the customer is using it. */
  | 'ACTIVE'
  /** TMF638 `designed`: how the service will be delivered is worked out; no resources are held. */
  | 'DESIGNED'
  /** TMF638 `feasibilityChecked`: the place was checked and can receive the service; nothing is reserved yet. */
  | 'FEASIBILITY_CHECKED'
  /** TMF638 `inactive`: installed but not (or no longer) carrying traffic, e.g. suspended. */
  | 'INACTIVE'
  /** TMF638 `reserved`: network resources and equipment are held for the customer; waiting for the install. */
  | 'RESERVED'
  /** TMF638 `terminated`: switched off for good; kept for history. */
  | 'TERMINATED';

/** A skill a technician has, or a visit needs. */
export type Skill =
  /** Splicing fibre-optic cable. */
  | 'FIBRE_SPLICING'
  /** Standard installs of internet and TV equipment. */
  | 'INSTALL'
  /** Diagnosing and fixing faults. */
  | 'REPAIR'
  /** Rewiring a building or a home; needed when existing wiring cannot carry the service. */
  | 'REWIRING'
  /** Wiring and setting up TV set-top boxes. */
  | 'SET_TOP_BOX_SETUP';

/** Narrows a customer's timeline. Conditions combine with AND; an omitted condition matches everything. */
export type TimelineFilter = {
  /** Only entries on one of these channels (entries without a channel never match). An empty list matches nothing. */
  channels?: Array<Channel> | null | undefined;
  /** Only entries of one of these kinds. An empty list matches nothing. */
  kinds?: Array<TimelineKind> | null | undefined;
  /** Only entries that occurred at or after this instant (inclusive). */
  since?: string | null | undefined;
  /** Only entries that occurred before this instant (exclusive). Must be later than `since`. */
  until?: string | null | undefined;
};

/** What a timeline entry records; one value per kind of domain event. */
export type TimelineKind =
  /** A technician appointment was booked (event `appointment.booked`). */
  | 'APPOINTMENT_BOOKED'
  /** An appointment was cancelled (event `appointment.cancelled`). */
  | 'APPOINTMENT_CANCELLED'
  /** An appointment's work was done (event `appointment.completed`). */
  | 'APPOINTMENT_COMPLETED'
  /** An appointment's work could not be done (event `appointment.failed`). */
  | 'APPOINTMENT_FAILED'
  /** An appointment was moved to another slot (event `appointment.rescheduled`). */
  | 'APPOINTMENT_RESCHEDULED'
  /** The customer left the mobile app (engagement). */
  | 'APP_SESSION_ENDED'
  /** The customer opened the mobile app (engagement). */
  | 'APP_SESSION_STARTED'
  /** A case was handed to another agent or team (event `case.handed_off`). */
  | 'CASE_HANDED_OFF'
  /** A case was opened (event `case.opened`). */
  | 'CASE_OPENED'
  /** A case moved to another status (event `case.status_changed`). */
  | 'CASE_STATUS_CHANGED'
  /** A conversation was passed to a live agent (event `conversation.escalated`). */
  | 'CONVERSATION_ESCALATED'
  /** The customer stopped part-way through a conversation (event `conversation.paused`). */
  | 'CONVERSATION_PAUSED'
  /** The customer picked a paused conversation up again (event `conversation.resumed`). */
  | 'CONVERSATION_RESUMED'
  /** The customer started a conversation, e.g. a plan change (event `conversation.started`). */
  | 'CONVERSATION_STARTED'
  /** The customer completed a step of a conversation (event `conversation.step_recorded`). */
  | 'CONVERSATION_STEP'
  /** A contact with the customer on any channel (event `interaction.recorded`). */
  | 'INTERACTION'
  /** An agent wrote a note (event `note.added`). */
  | 'NOTE_ADDED'
  /** An order was cancelled (event `order.cancelled`). */
  | 'ORDER_CANCELLED'
  /** An order was placed (event `order.placed`). */
  | 'ORDER_PLACED'
  /** An order was replaced by another (event `order.replaced`). */
  | 'ORDER_REPLACED'
  /** An order moved to another status (event `order.status_changed`). */
  | 'ORDER_STATUS_CHANGED'
  /** Any other event; read `summary`. Shown so that nothing is silently dropped. */
  | 'OTHER'
  /** Preferences, consent or contact points changed (events `customer.preferences_updated`, `customer.consent_updated`, `customer.contact_point_added`). */
  | 'PROFILE_UPDATED'
  /** A service became active (event `service.activated`). */
  | 'SERVICE_ACTIVATED'
  /** A technician was assigned to an appointment (event `appointment.technician_assigned`). */
  | 'TECHNICIAN_ASSIGNED';

/** Passes a case to another agent or to a team queue, with what the next one must do. */
export type TransferCaseInput = {
  /** The agent passing the case on; default the case's current assignee. */
  actor?: string | null | undefined;
  /** The case; RESOLVED, CLOSED, REJECTED or CANCELLED cases cannot be transferred. */
  caseId: string | number;
  /**
   * A fresh key per transfer the agent makes (e.g. a UUID); retrying with the same key
   * returns the same case and writes nothing. The same key with a different input is
   * `IDEMPOTENCY_KEY_REUSED`. Without a key every call is a new transfer.
   */
  idempotencyKey?: string | null | undefined;
  /** What the next agent must know and do, e.g. `Replace TV package with streaming package`; must not be blank. */
  summary: string;
  /** The agent to assign the case to; omit to leave it in the team's queue. */
  to?: string | number | null | undefined;
  /** The team receiving the case, e.g. `sales`; must not be blank. */
  toTeam: string;
};

export type AddNoteMutationVariables = Exact<{
  input: AddNoteInput;
}>;


export type AddNoteMutation = { addNote: { id: string, body: string, createdAt: string, author: { name: string, team: string } } };

export type CustomerContextQueryVariables = Exact<{
  kind: IdentifierKind;
  value: string;
}>;


export type CustomerContextQuery = { customer: { id: string, displayName: string, status: CustomerStatus, segment: CustomerSegment, accountNumber: string | null, contactPoints: Array<{ kind: IdentifierKind, value: string, masked: boolean, isPrimary: boolean, verified: boolean }>, preferences: { preferredChannel: Channel | null, language: string, quietHours: { start: string, end: string, timeZone: string } | null }, consents: Array<{ purpose: ConsentPurpose, granted: boolean, channels: Array<Channel> }>, addresses: Array<{ id: string, line1: string, city: string, postcode: string, country: string }>, attention: Array<{ code: AttentionCode, severity: AttentionSeverity, message: string, subject:
        | { __typename: 'AppSession', id: string, platform: AppPlatform, startedAt: string, endedAt: string | null }
        | { __typename: 'Appointment', id: string, appointmentStatus: AppointmentStatus, window: { start: string, end: string } }
        | { __typename: 'Case', id: string, title: string, caseStatus: CaseStatus }
        | { __typename: 'Conversation', id: string, topic: string, currentStep: number }
        | { __typename: 'Customer', id: string }
        | { __typename: 'Interaction', id: string, channel: Channel, summary: string }
        | { __typename: 'Note' }
        | { __typename: 'Order', id: string, orderStatus: OrderStatus }
        | { __typename: 'Service', id: string, serviceStatus: ServiceStatus }
        | { __typename: 'ServiceOrder', id: string, serviceOrderStatus: ServiceOrderStatus }
       | null }> | null, recentAppActivity: Array<{ function: string, outcome: AppAttemptOutcome, stoppedAt: string, path: Array<string>, lastActionAt: string, secondsInApp: number, nextChannel: Channel | null, handled: boolean, session: { id: string } }> | null, cases: Array<{ id: string, title: string, status: CaseStatus, priority: CasePriority, channel: Channel, team: string | null, assignedTo: { id: string, name: string, team: string } | null, latestHandoff: { summary: string, toTeam: string, at: string, fromAgent: { name: string }, toAgent: { name: string } | null } | null, notes: Array<{ id: string, body: string, createdAt: string, author: { name: string, team: string } }> | null, appContext: { screen: string, step: number | null, action: string | null, entities: Array<string>, fields: Array<{ name: string, value: string }> } | null, order: { id: string, status: OrderStatus } | null }> | null, inAppNow: { screen: string | null, function: string | null, succeeded: boolean | null, since: string } | null, activeConversations: Array<{ id: string, topic: string, lastChannel: Channel, currentStep: number, totalSteps: number | null, stepName: string | null, lastActivityAt: string }> | null, resumableConversations: Array<{ id: string, topic: string, startedOn: Channel, lastChannel: Channel, currentStep: number, totalSteps: number | null, stepName: string | null, lastActivityAt: string, steps: Array<{ step: number, name: string, channel: Channel, at: string, data: Array<{ name: string, value: string }> }> }> | null, orders: { edges: Array<{ node: { id: string, status: OrderStatus, channel: Channel, placedAt: string, items: Array<{ quantity: number, deliveryMethod: DeliveryMethod | null, offering: { id: string, name: string, category: OfferingCategory, deliveryMethods: Array<DeliveryMethod>, tier: number } }>, replaces: { id: string } | null, replacedBy: { id: string } | null, fulfilment: { id: string, status: ServiceOrderStatus, jeopardyAlerts: Array<{ name: string, message: string, raisedAt: string }> } | null } }> } | null, services: Array<{ id: string, status: ServiceStatus, deliveryMethod: DeliveryMethod, activatedAt: string | null, offering: { id: string, name: string, tier: number, downloadMbps: number | null } | null, equipment: Array<{ kind: EquipmentKind, model: string, serialNumber: string }> }> | null, appointments: Array<{ id: string, status: AppointmentStatus, jobType: JobType, requiredSkills: Array<Skill>, window: { start: string, end: string }, technician: { id: string, name: string, skills: Array<Skill> } | null }> | null, timeline: { edges: Array<{ cursor: string, node: { occurredAt: string, kind: TimelineKind, channel: Channel | null, actor: string | null, summary: string, subject:
            | { __typename: 'Appointment', id: string, appointmentStatus: AppointmentStatus }
            | { __typename: 'Case', id: string, title: string }
            | { __typename: 'Conversation', id: string, topic: string }
            | { __typename: 'Customer' }
            | { __typename: 'Interaction', id: string, channel: Channel }
            | { __typename: 'Note', id: string }
            | { __typename: 'Order', id: string, orderStatus: OrderStatus }
            | { __typename: 'Service' }
            | { __typename: 'ServiceOrder' }
           | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type CustomerTimelineQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: TimelineFilter | null | undefined;
}>;


export type CustomerTimelineQuery = { customer: { id: string, timeline: { edges: Array<{ cursor: string, node: { occurredAt: string, kind: TimelineKind, channel: Channel | null, actor: string | null, summary: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type LiveCustomerContextSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type LiveCustomerContextSubscription = { customerContext: { id: string, displayName: string, attention: Array<{ code: AttentionCode, severity: AttentionSeverity, message: string }> | null, cases: Array<{ id: string, title: string, status: CaseStatus, assignedTo: { id: string, name: string, team: string } | null, latestHandoff: { summary: string, toTeam: string, at: string } | null, notes: Array<{ id: string, body: string, createdAt: string, author: { name: string, team: string } }> | null }> | null, orders: { edges: Array<{ node: { id: string, status: OrderStatus, placedAt: string } }> } | null, appointments: Array<{ id: string, status: AppointmentStatus, window: { start: string, end: string }, technician: { id: string, name: string } | null }> | null, activeConversations: Array<{ id: string, topic: string, lastChannel: Channel, currentStep: number, totalSteps: number | null }> | null } | null };

export type NotesReadByQueryVariables = Exact<{
  kind: IdentifierKind;
  value: string;
  agentId: string | number;
  before?: string | null | undefined;
}>;


export type NotesReadByQuery = { customer: { id: string, lastViewedBy: string | null } | null };

export type TransferCaseMutationVariables = Exact<{
  input: TransferCaseInput;
}>;


export type TransferCaseMutation = { transferCase: { id: string, status: CaseStatus, team: string | null, assignedTo: { id: string, name: string, team: string } | null, latestHandoff: { summary: string, toTeam: string, at: string, fromAgent: { name: string }, toAgent: { name: string } | null } | null } };


export const AddNoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddNote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddNoteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addNote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"team"}}]}}]}}]}}]} as unknown as DocumentNode<AddNoteMutation, AddNoteMutationVariables>;
export const CustomerContextDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerContext"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifierKind"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"customer"},"name":{"kind":"Name","value":"customerByIdentifier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"accountNumber"}},{"kind":"Field","name":{"kind":"Name","value":"contactPoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"masked"}},{"kind":"Field","name":{"kind":"Name","value":"isPrimary"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}},{"kind":"Field","name":{"kind":"Name","value":"preferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preferredChannel"}},{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"consents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"granted"}},{"kind":"Field","name":{"kind":"Name","value":"channels"}}]}},{"kind":"Field","name":{"kind":"Name","value":"addresses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postcode"}},{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attention"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"orderStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Appointment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"appointmentStatus"},"name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"window"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Case"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","alias":{"kind":"Name","value":"caseStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Interaction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ServiceOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"serviceOrderStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Service"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"serviceStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recentAppActivity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"function"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"stoppedAt"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"lastActionAt"}},{"kind":"Field","name":{"kind":"Name","value":"secondsInApp"}},{"kind":"Field","name":{"kind":"Name","value":"nextChannel"}},{"kind":"Field","name":{"kind":"Name","value":"handled"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"openOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"team"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"team"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestHandoff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"toTeam"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"fromAgent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toAgent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"notes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"team"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"appContext"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"screen"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"entities"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"inAppNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"screen"}},{"kind":"Field","name":{"kind":"Name","value":"function"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"since"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"activeConversations"},"name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"ACTIVE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"lastChannel"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"totalSteps"}},{"kind":"Field","name":{"kind":"Name","value":"stepName"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivityAt"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"resumableConversations"},"name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"INACTIVE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"startedOn"}},{"kind":"Field","name":{"kind":"Name","value":"lastChannel"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"totalSteps"}},{"kind":"Field","name":{"kind":"Name","value":"stepName"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivityAt"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryMethod"}},{"kind":"Field","name":{"kind":"Name","value":"offering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryMethods"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"replaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"replacedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jeopardyAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryMethod"}},{"kind":"Field","name":{"kind":"Name","value":"activatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"offering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"downloadMbps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"equipment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"appointments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"upcoming"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobType"}},{"kind":"Field","name":{"kind":"Name","value":"requiredSkills"}},{"kind":"Field","name":{"kind":"Name","value":"window"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"technician"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"skills"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"orderStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Appointment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"appointmentStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Case"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Interaction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Note"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerContextQuery, CustomerContextQueryVariables>;
export const CustomerTimelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerTimeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerTimelineQuery, CustomerTimelineQueryVariables>;
export const LiveCustomerContextDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveCustomerContext"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerContext"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"attention"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"openOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"team"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestHandoff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"toTeam"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"team"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"appointments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"upcoming"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"window"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"technician"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"activeConversations"},"name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"ACTIVE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"lastChannel"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"totalSteps"}}]}}]}}]}}]} as unknown as DocumentNode<LiveCustomerContextSubscription, LiveCustomerContextSubscriptionVariables>;
export const NotesReadByDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotesReadBy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifierKind"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"customer"},"name":{"kind":"Name","value":"customerByIdentifier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastViewedBy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}]}]}}]}}]} as unknown as DocumentNode<NotesReadByQuery, NotesReadByQueryVariables>;
export const TransferCaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransferCase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransferCaseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferCase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"team"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"team"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestHandoff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"toTeam"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"fromAgent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toAgent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TransferCaseMutation, TransferCaseMutationVariables>;