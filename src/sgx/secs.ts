/**
 * Secs is the processor's view of one enclave: the SECS page's architectural fields plus what the
 * SDM keeps in its implementation-specific part (the running measurement, the enclave ID, the
 * signature padding EINIT saves, ISVFAMILYID/ISVEXTPRODID, the child count). It lives in
 * `Epc.secs`, keyed by the SECS page; software cannot read it (ECREATE copies the source page in,
 * nothing copies it out).
 */
import { ATTR_INIT } from '../abi/sgx.js';
import { Measurement } from './measure.js';

export class Secs {
  /** MRENCLAVE while the enclave is built; final once EINIT succeeds (then `mrenclave` holds it). */
  readonly measurement = new Measurement();
  mrenclave: Uint8Array = new Uint8Array(32);
  mrsigner: Uint8Array = new Uint8Array(32);
  isvProdId = 0;
  isvSvn = 0;
  isvFamilyId: Uint8Array = new Uint8Array(16);
  isvExtProdId: Uint8Array = new Uint8Array(16);
  /** The top 352 bytes of the PKCS#1 v1.5 block EINIT recovered from the signature (TMP_SIG_PADDING). */
  padding: Uint8Array = new Uint8Array(352);
  /** Pages of this enclave whose EPCM entry is VALID (EREMOVE of the SECS needs 0). */
  childCount = 0;
  /** Logical processors in enclave mode in this enclave (EENTER/ERESUME add one, EEXIT/AEX remove it). */
  activeThreads = 0;

  constructor(
    /** The EPC page index that holds this SECS. */
    readonly page: number,
    /** EID: a unique enclave ID (CR_NEXT_EID at ECREATE). */
    readonly eid: bigint,
    readonly base: number,
    readonly size: number,
    readonly ssaFrameSize: number,
    readonly miscselect: number,
    /** ATTRIBUTES bits 63:0 (INIT is set by EINIT). */
    public attributes: bigint,
    /** ATTRIBUTES bits 127:64. */
    readonly xfrm: bigint,
    readonly configId: Uint8Array,
    readonly configSvn: number,
  ) {}

  get initialized(): boolean {
    return (this.attributes & ATTR_INIT) !== 0n;
  }
}
