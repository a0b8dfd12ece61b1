// The control tests in evaluation order (the catalogue's order; DC-4 reads DC-1 and DC-2's exceptions).
import type { ControlTestModule } from "../types";
import { cm1 } from "./cm-1";
import { cm2 } from "./cm-2";
import { cm3 } from "./cm-3";
import { cm4 } from "./cm-4";
import { cm5 } from "./cm-5";
import { cm6 } from "./cm-6";
import { cm7 } from "./cm-7";
import { dc1 } from "./dc-1";
import { dc2 } from "./dc-2";
import { dc3 } from "./dc-3";
import { dc4 } from "./dc-4";
import { la1 } from "./la-1";
import { la2 } from "./la-2";
import { la3 } from "./la-3";
import { la4 } from "./la-4";

export const TEST_MODULES: readonly ControlTestModule[] = [cm1, cm2, cm3, cm4, cm5, cm6, cm7, la1, la2, la3, la4, dc1, dc2, dc3, dc4];

export function testModule(testId: string): ControlTestModule | null {
  return TEST_MODULES.find((t) => t.id === testId) ?? null;
}
