package io.voyagerota.signing;

/**
 * Keys written by OpenSSL 3.0, kept as text so parsing is tested on machines without openssl. Test-only keys:
 * they sign nothing but these tests.
 */
public final class PemFixtures {
    /** P-256 SEC1 key as {@code openssl ecparam -name prime256v1 -genkey} writes it, EC PARAMETERS first. */
    static final String SEC1_WITH_PARAMETERS = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIIA0nNw9rA9WRlYF9ROxKHNRHH8Ah0roaBQIGMkV+j92oAoGCCqGSM49
            AwEHoUQDQgAEBRi+k9+vFffmZ1ZvYQYkhBcyhYX0Jx3VJAD1GpaYNJ1SSPWxreXm
            /qNRG7vr0jTUYLWCgJ1TjOMZyp0fSODnFA==
            -----END EC PRIVATE KEY-----
            """;

    /** The same key as {@code openssl pkey -in} rewrites it (PKCS#8). */
    static final String SEC1_AS_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggDSc3D2sD1ZGVgX1
            E7Eoc1EcfwCHSuhoFAgYyRX6P3ahRANCAAQFGL6T368V9+ZnVm9hBiSEFzKFhfQn
            HdUkAPUalpg0nVJI9bGt5eb+o1Ebu+vSNNRgtYKAnVOM4xnKnR9I4OcU
            -----END PRIVATE KEY-----
            """;

    /** Its public key from {@code openssl ec -pubout}. */
    static final String SEC1_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBRi+k9+vFffmZ1ZvYQYkhBcyhYX0
            Jx3VJAD1GpaYNJ1SSPWxreXm/qNRG7vr0jTUYLWCgJ1TjOMZyp0fSODnFA==
            -----END PUBLIC KEY-----
            """;

    /** The same public key with the point compressed ({@code -conv_form compressed}). */
    static final String SEC1_PUBLIC_COMPRESSED = """
            -----BEGIN PUBLIC KEY-----
            MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACBRi+k9+vFffmZ1ZvYQYkhBcyhYX0
            Jx3VJAD1GpaYNJ0=
            -----END PUBLIC KEY-----
            """;

    /** The same private key without its public point ({@code openssl ec -no_public}). */
    static final String SEC1_WITHOUT_PUBLIC = """
            -----BEGIN EC PRIVATE KEY-----
            MDECAQEEIIA0nNw9rA9WRlYF9ROxKHNRHH8Ah0roaBQIGMkV+j92oAoGCCqGSM49
            AwEH
            -----END EC PRIVATE KEY-----
            """;

    /** The same key with the curve spelled out ({@code -param_enc explicit}). */
    static final String SEC1_EXPLICIT = """
            -----BEGIN EC PRIVATE KEY-----
            MIIBaAIBAQQggDSc3D2sD1ZGVgX1E7Eoc1EcfwCHSuhoFAgYyRX6P3aggfowgfcC
            AQEwLAYHKoZIzj0BAQIhAP////8AAAABAAAAAAAAAAAAAAAA////////////////
            MFsEIP////8AAAABAAAAAAAAAAAAAAAA///////////////8BCBaxjXYqjqT57Pr
            vVV2mIa8ZR0GsMxTsPY7zjw+J9JgSwMVAMSdNgiG5wSTamZ44ROdJreBn36QBEEE
            axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpZP40Li/hp/m47n60p8D54W
            K84zV2sxXs7LtkBoN79R9QIhAP////8AAAAA//////////+85vqtpxeehPO5ysL8
            YyVRAgEBoUQDQgAEBRi+k9+vFffmZ1ZvYQYkhBcyhYX0Jx3VJAD1GpaYNJ1SSPWx
            reXm/qNRG7vr0jTUYLWCgJ1TjOMZyp0fSODnFA==
            -----END EC PRIVATE KEY-----
            """;

    /** Its public key with the curve spelled out. */
    static final String PUBLIC_EXPLICIT = """
            -----BEGIN PUBLIC KEY-----
            MIIBSzCCAQMGByqGSM49AgEwgfcCAQEwLAYHKoZIzj0BAQIhAP////8AAAABAAAA
            AAAAAAAAAAAA////////////////MFsEIP////8AAAABAAAAAAAAAAAAAAAA////
            ///////////8BCBaxjXYqjqT57PrvVV2mIa8ZR0GsMxTsPY7zjw+J9JgSwMVAMSd
            NgiG5wSTamZ44ROdJreBn36QBEEEaxfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5
            RdiYwpZP40Li/hp/m47n60p8D54WK84zV2sxXs7LtkBoN79R9QIhAP////8AAAAA
            //////////+85vqtpxeehPO5ysL8YyVRAgEBA0IABAUYvpPfrxX35mdWb2EGJIQX
            MoWF9Ccd1SQA9RqWmDSdUkj1sa3l5v6jURu769I01GC1goCdU4zjGcqdH0jg5xQ=
            -----END PUBLIC KEY-----
            """;

    /** A self-signed certificate for the same key. */
    static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBczCCARmgAwIBAgIUTlG547WOJlw4AK4vUwYY7h7OKLowCgYIKoZIzj0EAwIw
            DzENMAsGA1UEAwwEdGVzdDAeFw0yNjExMjMxMTI1NDZaFw0yNjExMjQxMTI1NDZa
            MA8xDTALBgNVBAMMBHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQFGL6T
            368V9+ZnVm9hBiSEFzKFhfQnHdUkAPUalpg0nVJI9bGt5eb+o1Ebu+vSNNRgtYKA
            nVOM4xnKnR9I4OcUo1MwUTAdBgNVHQ4EFgQUeT9NLHe/LBHl7zEJLB3n6USqhPQw
            HwYDVR0jBBgwFoAUeT9NLHe/LBHl7zEJLB3n6USqhPQwDwYDVR0TAQH/BAUwAwEB
            /zAKBggqhkjOPQQDAgNIADBFAiAPTDR1+xztU9szjH15JM0xRv5pbDOcuhhak3ti
            aOIKRAIhAPzlEUcDd1hd8KNgUcxefYvuI1K1W0/0buk667r69AL2
            -----END CERTIFICATE-----
            """;

    /** The same key encrypted the traditional way (passphrase: test). */
    static final String ENCRYPTED_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-128-CBC,934ADC5A9644E37B5BFBF6D71EC444AD
            
            XDXeauWlnoMpgFGfakOA3TysYgCCgoAoiPnlRL5SCzOTTRDdBc0wLYkpkZxuIl3X
            o1tLDkndY/qgMrOyVPQPgsumZg06vVJTFlkvvB4GrabMkHlk9YRsjLOoRYAIXppu
            Y0ddd7bz6XMl6SS1U6OI6yyHiKbYlfmQM/fPEqzJZqE=
            -----END EC PRIVATE KEY-----
            """;

    /** A P-256 PKCS#8 key from {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256}. */
    static final String PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgEbwXiOa97QG+06j/
            Rkd+BfqZTvv1OX9fScS3o4lY2/ShRANCAASYIERcIKjGn5nbFF8kQEjSsrD47L5S
            lyxTVlxUvoxrJpcovMvfvDrUAlNOAUHLeMn+wSYbAJ1bCdUx3YYNs1FK
            -----END PRIVATE KEY-----
            """;

    /** That key encrypted with {@code openssl pkcs8 -topk8} (passphrase: test). */
    static final String ENCRYPTED_PKCS8 = """
            -----BEGIN ENCRYPTED PRIVATE KEY-----
            MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAivMKrUftDjDwICCAAw
            DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEEGIYq+pem6oWIWaPRC0+9EEgZBo
            SUri2nBIvZzqXJG0jBJLR/vC17ptbcxwQDZ4VrQUVMNq++KTUdLiyEjNn7XfsndW
            1IqWtU3UtpIx+puUZWWwwLpZA7+YO5wcxDKtGWJLvU+gei3cOdTpcFvfmD+NpFG3
            vsBeKXuJ48e8PSLuj75b0y9MPIEaa3LmrDs14WLa8wmGvZUvw8CEdu5qBOUqSpI=
            -----END ENCRYPTED PRIVATE KEY-----
            """;

    /** A P-384 key (SEC1). */
    static final String P384_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MIGkAgEBBDACEjMHTWv/OBPYJgzZAio6CZW5w2EVpPKONbtJpmqeF4JswfW+kMFv
            a1YkV/ZwMAegBwYFK4EEACKhZANiAATcslhc0A7H5xXDiCLxVAVeksJKm5RPCIIX
            eZIWNBEPR2yEkA7zfeACqTLULWgnpURCSFDNiH2VfHxXaJqy/eN8ARGm5umsOqtg
            nZQVOR1y9etIBFePVu+m/S4QWXMSwIk=
            -----END EC PRIVATE KEY-----
            """;

    /** The P-384 key as PKCS#8. */
    static final String P384_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDACEjMHTWv/OBPYJgzZ
            Aio6CZW5w2EVpPKONbtJpmqeF4JswfW+kMFva1YkV/ZwMAehZANiAATcslhc0A7H
            5xXDiCLxVAVeksJKm5RPCIIXeZIWNBEPR2yEkA7zfeACqTLULWgnpURCSFDNiH2V
            fHxXaJqy/eN8ARGm5umsOqtgnZQVOR1y9etIBFePVu+m/S4QWXMSwIk=
            -----END PRIVATE KEY-----
            """;

    /** The P-384 public key. */
    public static final String P384_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE3LJYXNAOx+cVw4gi8VQFXpLCSpuUTwiC
            F3mSFjQRD0dshJAO833gAqky1C1oJ6VEQkhQzYh9lXx8V2iasv3jfAERpubprDqr
            YJ2UFTkdcvXrSARXj1bvpv0uEFlzEsCJ
            -----END PUBLIC KEY-----
            """;

    /** A secp256k1 key, same size as P-256 but another curve. */
    static final String SECP256K1_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHQCAQEEIIaE6eMSUANTy1e8O8MbmKOhqXoyv+TbKRSNcKAvt+CRoAcGBSuBBAAK
            oUQDQgAEziJ1/zreoO0AMwliAdY7Czu9WpLL34v8xG6PgbUsQC9vBKBn2tFjw/jY
            vpjXTJjpYp9RhHYmRYWa0YfuuDSBwg==
            -----END EC PRIVATE KEY-----
            """;

    /** An Ed25519 key. */
    static final String ED25519_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIPPN6yL4o5N7UXVDeSx6K0TMyjg50GA48B5E20z6vvWr
            -----END PRIVATE KEY-----
            """;

    /** Its public key. */
    static final String ED25519_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEA/4Ubf1eh6mBvvNnC+ZN1WMQ5nALCkHmU2I5oaDqCa78=
            -----END PUBLIC KEY-----
            """;

    /** An RSA key as PKCS#8. */
    static final String RSA_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIICeAIBADANBgkqhkiG9w0BAQEFAASCAmIwggJeAgEAAoGBALImUjdCHxhWruu7
            fbQgzVFMlgtu9Iwxo2I9mte243kp9NlM+Lw17f70nrLH3+e3NTKgAwjS+ghkP1j4
            Buy6CJNpZXHsq0VBKnnaneNPF8aOSUFqEgcnZCB4NZjgjAtn4T4hcuFnumhO2bI0
            pXpu7Xvq8XI/rSq4XaGZ39wBE3QdAgMBAAECgYAKjLxnq1G+FjwLl7HM/fhKrTdh
            e/Odbb8YLT/DMIBuB28Jg0Zjlun+JCxVuAJpbW8IDXPAjQXjg1RBB4cZc7bYMpQ/
            hQEnADAmAfUVBCf1t6HwyxAtA1OVbMh8zbPb6lx6rsosP+vjV85KmczmZaajXGAU
            VlqvxTYxfIl4pO0ZAQJBAOW9YDIIDRgsWcvhcXqwl7FaHVMK6DocjpMJkZNYt+mb
            ba2izyOD0QkY8Bu7VgRHC16BHb2oc3cWuN7WrQ7NZV0CQQDGg1JbA4Yr0bg5zbqB
            KP0nfoPd+O8SLdxokyetMrEUT6PHMuFh0j6jpDxRzp93UAc0rgYdsCTTQQ7wzEnE
            UJ3BAkEAqzOSqfYB/A+g4yQfcrSCdnGXBLlOEXASd1RcHZexhe6Dry9yeR7T+ZmR
            5LiYAxwGRuilBx6u3QIbxkPoNu2tKQJBAK6Vbcd3ePdusMu9X+oZx1KFlKmSNYdS
            aAZcbMeIzm2jgNE+sTLbuZUnapkz09EVw9CTv/M6J5jXHbGuqK2LjMECQQCPhO+o
            Nf8F/4mBJ4A0DanzKQcEAdUwB95gZNhCgmUSZjpckcWrnJsCTknVPsDYkzDariK0
            imHRm6tG3+Y9w11H
            -----END PRIVATE KEY-----
            """;

    /** The RSA key in the traditional {@code RSA PRIVATE KEY} form. */
    static final String RSA_TRADITIONAL = """
            -----BEGIN RSA PRIVATE KEY-----
            MIICXgIBAAKBgQCyJlI3Qh8YVq7ru320IM1RTJYLbvSMMaNiPZrXtuN5KfTZTPi8
            Ne3+9J6yx9/ntzUyoAMI0voIZD9Y+AbsugiTaWVx7KtFQSp52p3jTxfGjklBahIH
            J2QgeDWY4IwLZ+E+IXLhZ7poTtmyNKV6bu176vFyP60quF2hmd/cARN0HQIDAQAB
            AoGACoy8Z6tRvhY8C5exzP34Sq03YXvznW2/GC0/wzCAbgdvCYNGY5bp/iQsVbgC
            aW1vCA1zwI0F44NUQQeHGXO22DKUP4UBJwAwJgH1FQQn9beh8MsQLQNTlWzIfM2z
            2+pceq7KLD/r41fOSpnM5mWmo1xgFFZar8U2MXyJeKTtGQECQQDlvWAyCA0YLFnL
            4XF6sJexWh1TCug6HI6TCZGTWLfpm22tos8jg9EJGPAbu1YERwtegR29qHN3Frje
            1q0OzWVdAkEAxoNSWwOGK9G4Oc26gSj9J36D3fjvEi3caJMnrTKxFE+jxzLhYdI+
            o6Q8Uc6fd1AHNK4GHbAk00EO8MxJxFCdwQJBAKszkqn2AfwPoOMkH3K0gnZxlwS5
            ThFwEndUXB2XsYXug68vcnke0/mZkeS4mAMcBkbopQcert0CG8ZD6DbtrSkCQQCu
            lW3Hd3j3brDLvV/qGcdShZSpkjWHUmgGXGzHiM5to4DRPrEy27mVJ2qZM9PRFcPQ
            k7/zOieY1x2xrqiti4zBAkEAj4TvqDX/Bf+JgSeANA2p8ykHBAHVMAfeYGTYQoJl
            EmY6XJHFq5ybAk5J1T7A2JMw2q4itIph0ZurRt/mPcNdRw==
            -----END RSA PRIVATE KEY-----
            """;

    /** The RSA public key. */
    static final String RSA_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCyJlI3Qh8YVq7ru320IM1RTJYL
            bvSMMaNiPZrXtuN5KfTZTPi8Ne3+9J6yx9/ntzUyoAMI0voIZD9Y+AbsugiTaWVx
            7KtFQSp52p3jTxfGjklBahIHJ2QgeDWY4IwLZ+E+IXLhZ7poTtmyNKV6bu176vFy
            P60quF2hmd/cARN0HQIDAQAB
            -----END PUBLIC KEY-----
            """;

    /** SHA-256 of the DER of {@link #SEC1_PUBLIC}, as {@code openssl pkey -pubin -outform DER | sha256sum} gives. */
    static final String SEC1_KEY_ID = "0f2c3fca94f782b053e0fefd3b8aa6681beec93e3d1f42810f0c117d89d82cfe";

    /** What {@link #MESSAGE_SIGNATURE_DER} signs. */
    static final String MESSAGE = "voyager fixture message\n";

    /** {@code openssl dgst -sha256 -sign} of {@link #MESSAGE} with {@link #SEC1_WITH_PARAMETERS}, DER, hex. */
    static final String MESSAGE_SIGNATURE_DER = "304502206226277d414034a6fc90c60c9e3e6bc509056e965dfd75fe9f297a7e0374a3"
            + "210221008149542af498423167d2a6eec1f8cd1955a0abb14523473c2281f8d6ebd6d5e3";

    private PemFixtures() {
    }
}
