-- A history file as the first schema (version 1) wrote it, with a chat,
-- an answer left streaming (two saved pieces) and ledger rows. Frozen:
-- never edit; test-store migrates it to the current version.
CREATE TABLE conversation (  id INTEGER PRIMARY KEY,  title TEXT,  created_us INTEGER NOT NULL,  updated_us INTEGER NOT NULL,  system_prompt TEXT,  param_overrides TEXT,  trashed_us INTEGER);
CREATE INDEX conversation_by_activity ON conversation (updated_us DESC, id DESC);
CREATE TABLE message (  id INTEGER PRIMARY KEY,  conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,  role TEXT NOT NULL,  state TEXT NOT NULL,  error_text TEXT,  finish_reason TEXT,  created_us INTEGER NOT NULL,  content TEXT NOT NULL DEFAULT '',  reasoning TEXT NOT NULL DEFAULT '',  params TEXT,  has_usage INTEGER NOT NULL DEFAULT 0,  prompt_tokens INTEGER NOT NULL DEFAULT 0,  cached_tokens INTEGER NOT NULL DEFAULT 0,  completion_tokens INTEGER NOT NULL DEFAULT 0,  web_search_calls INTEGER NOT NULL DEFAULT 0,  provider_cost_nanos INTEGER,  tool_usage TEXT,  estimated INTEGER NOT NULL DEFAULT 0,  cost_nanos INTEGER NOT NULL DEFAULT 0);
CREATE INDEX message_by_conversation ON message (conversation_id, id);
CREATE TABLE message_part (  message_id INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,  seq INTEGER NOT NULL,  content TEXT NOT NULL,  reasoning TEXT NOT NULL,  PRIMARY KEY (message_id, seq)) WITHOUT ROWID;
CREATE VIRTUAL TABLE message_fts USING fts5 (  content, content='message', content_rowid='id',  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER message_fts_insert AFTER INSERT ON message WHEN new.state != 'streaming' BEGIN  INSERT INTO message_fts (rowid, content) VALUES (new.id, new.content);END;
CREATE TRIGGER message_fts_delete AFTER DELETE ON message WHEN old.state != 'streaming' BEGIN  INSERT INTO message_fts (message_fts, rowid, content) VALUES ('delete', old.id, old.content);END;
CREATE TRIGGER message_fts_unindex AFTER UPDATE OF content, state ON message  WHEN old.state != 'streaming' BEGIN  INSERT INTO message_fts (message_fts, rowid, content) VALUES ('delete', old.id, old.content);END;
CREATE TRIGGER message_fts_reindex AFTER UPDATE OF content, state ON message  WHEN new.state != 'streaming' BEGIN  INSERT INTO message_fts (rowid, content) VALUES (new.id, new.content);END;
CREATE TABLE ledger (  id INTEGER NOT NULL,  time_us INTEGER NOT NULL,  conversation_id INTEGER,  message_id INTEGER,  model TEXT NOT NULL,  params TEXT,  prompt_tokens INTEGER NOT NULL,  cached_tokens INTEGER NOT NULL,  completion_tokens INTEGER NOT NULL,  web_search_calls INTEGER NOT NULL,  provider_cost_nanos INTEGER,  cost_input_nanos INTEGER NOT NULL,  cost_cached_nanos INTEGER NOT NULL,  cost_output_nanos INTEGER NOT NULL,  cost_web_search_nanos INTEGER NOT NULL,  cost_total_nanos INTEGER NOT NULL,  status TEXT NOT NULL,  error_code TEXT,  estimated INTEGER NOT NULL,  first_token_us INTEGER,  duration_us INTEGER NOT NULL,  PRIMARY KEY (time_us, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX ledger_by_id ON ledger (id);
CREATE INDEX ledger_by_conversation ON ledger (conversation_id, time_us);
CREATE TABLE deleted_conversation (  id INTEGER PRIMARY KEY,  title TEXT,  deleted_us INTEGER NOT NULL);

INSERT INTO conversation VALUES (1, 'Tea in Kyoto', 1700000000000000, 1700000300000000, 'Answer briefly.', '{"temperature":0.2}', NULL);
INSERT INTO conversation VALUES (2, 'Old gone chat', 1690000000000000, 1690000000000000, NULL, NULL, 1700000400000000);
INSERT INTO message VALUES (1, 1, 'user', 'complete', NULL, NULL, 1700000000000000, 'Where can I drink matcha in Kyoto?', '', NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
INSERT INTO message VALUES (2, 1, 'assistant', 'complete', NULL, 'stop', 1700000001000000, 'Try the teahouses of Uji, south of Kyoto.', 'The user wants places.', '{"max_tokens":4096}', 1, 2000, 1500, 300, 2, 30000000, '{"web_search":2}', 0, 30775000);
INSERT INTO message VALUES (3, 1, 'user', 'complete', NULL, NULL, 1700000200000000, 'And in Tokyo?', '', NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
INSERT INTO message VALUES (4, 1, 'assistant', 'streaming', NULL, NULL, 1700000201000000, 'In Tokyo, ', '', NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
INSERT INTO message_part VALUES (4, 0, 'visit Asakusa ', 'thinking');
INSERT INTO message_part VALUES (4, 1, 'and Ginza.', '');
INSERT INTO message VALUES (5, 2, 'user', 'complete', NULL, NULL, 1690000000000000, 'forgotten words', '', NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
INSERT INTO ledger VALUES (1, 1700000001000000, 1, 2, 'mimo-v2-flash', '{}', 2000, 1500, 300, 2, 30000000, 250000, 75000, 450000, 30000000, 30775000, 'complete', NULL, 0, 800000, 5000000);
INSERT INTO ledger VALUES (2, 1700000201000000, 1, 4, 'mimo-v2-flash', '{}', 11, 0, 2, 0, NULL, 5500, 0, 3000, 0, 8500, 'interrupted', 'network', 1, NULL, 900000);
INSERT INTO ledger VALUES (3, 1690000001000000, 2, 6, 'mimo-v2-flash', '{}', 100, 0, 10, 0, 65000, 50000, 0, 15000, 0, 65000, 'complete', NULL, 0, 200000, 1000000);
PRAGMA user_version = 1;
