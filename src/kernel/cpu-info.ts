export function hwcap(): number {
  return 0x078bfbff;
}
