-- Finding a technician's live bookings that overlap a window (availableSlots and the
-- booking mutations' clash checks).
CREATE INDEX appointment_technician_live_idx ON provisioning.appointment (technician_id, window_start, window_end)
  WHERE status IN ('INITIALIZED', 'CONFIRMED');
