/** What an admin types to confirm the incident switch. */
export const INCIDENT_CONFIRMATION = "END ALL SESSIONS";
