// "Preview as auditor" for the users page: the ADMIN then sees exactly what that auditor sees,
// read-only, with a banner to stop (GET /api/preview?auditor=ID, ?stop=1).
export function PreviewAsAuditorLink({ userId, email }: { userId: string; email?: string }) {
  return (
    <a href={`/api/preview?auditor=${encodeURIComponent(userId)}`} title={email ? `See what ${email} sees` : undefined}>
      Preview as auditor
    </a>
  );
}
