// Drilldown links from a population item or an exception to the raw record it stands for.
import type { ItemType } from "./types";

export function linkFor(itemType: string, itemRef: string): string | null {
  switch (itemType as ItemType) {
    case "COMMIT": {
      // itemRef "owner/name/sha"
      const [owner, name, sha] = itemRef.split("/");
      return owner && name && sha ? `/changes/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/${sha}` : null;
    }
    case "AI_EVENT":
    case "TOOL_CALL":
      // a tool call's itemRef is its event's id: the call is shown on the event's page
      return `/traffic/${encodeURIComponent(itemRef)}`;
    case "TOOL":
      return `/registers#tool-${encodeURIComponent(itemRef)}`;
    case "IDENTITY":
      return `/registers#identity-${encodeURIComponent(itemRef)}`;
    case "EXCEPTION":
      return `/exceptions/${encodeURIComponent(itemRef)}`;
    case "COVERAGE":
      return `/traffic?source=${encodeURIComponent(itemRef)}`;
    default:
      return null;
  }
}

export function commitRef(repo: string, sha: string): string {
  return `${repo}/${sha}`;
}

export function commitKey(repo: string, sha: string): string {
  return `commit:${repo}:${sha}`;
}
