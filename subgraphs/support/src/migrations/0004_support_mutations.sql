-- Lookups the support mutations make: stale ACTIVE conversations (the idle sweep) and
-- the open case a conversation was already escalated to.
CREATE INDEX conversation_idle_idx ON support.conversation (last_activity_at) WHERE status = 'ACTIVE';

CREATE INDEX case_conversation_idx ON support."case" (conversation_id, opened_at DESC) WHERE conversation_id IS NOT NULL;
