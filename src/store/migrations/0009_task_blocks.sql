-- Issue 18: a time block on the calendar that is a task's own work. The capacity check
-- counts its minutes (in working time, by the task's due day) as that task's planned work,
-- not as busy time that other work must fit around: a block is never counted twice.
CREATE TABLE task_blocks (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    task_id  INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX task_blocks_by_task ON task_blocks (task_id);
