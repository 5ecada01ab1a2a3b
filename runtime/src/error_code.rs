//! [`error_code!`](crate::error_code): what every generated `ErrorCode` enum does with its
//! documentation table, written once here instead of in each service crate.

/// Implements a generated `ErrorCode` enum from its documentation table.
///
/// The enum has one variant per documented code, `Unknown(otc_runtime::UnknownCode<Self>)`,
/// and a `const ALL: &'static [Self]` listing the documented variants in the order of the
/// table's codes; `table` is the text of an [`ErrorTable`](crate::ErrorTable). This adds
/// `as_str`, `documentation`, `http_statuses`, `message`, `for_status` and `is_unknown`,
/// `From<&str>`, `From<String>`, `FromStr`, `Display`, serde both ways (as the code's text)
/// and [`ServiceErrorCode`](crate::ServiceErrorCode).
#[doc(hidden)]
#[macro_export]
macro_rules! error_code {
    ($name:ident, $table:literal) => {
        impl $name {
            /// The documentation of every code, in the order of `ALL`.
            fn table() -> &'static $crate::ErrorTable {
                static TABLE: $crate::ErrorTable = $crate::ErrorTable::new($table);
                &TABLE
            }

            /// Position in `ALL` and in the table; `None` for unknown codes.
            fn index(&self) -> ::core::option::Option<usize> {
                Self::ALL.iter().position(|code| code == self)
            }

            /// The code exactly as the service sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(code) => code.as_str(),
                    // A service that documents no code has only `Unknown`.
                    #[allow(unreachable_patterns)]
                    _ => Self::table().code(self.index()),
                }
            }

            /// Every documented row for this code (more than one when the reference lists the
            /// code several times with different messages); empty for unknown codes.
            pub fn documentation(&self) -> &'static [$crate::ErrorDoc] {
                Self::table().docs(self.index())
            }

            /// HTTP statuses the reference gives for this code, over all of its documented
            /// rows (each status once); empty for unknown codes.
            pub fn http_statuses(&self) -> &'static [u16] {
                Self::table().statuses(self.index())
            }

            /// The documented message.
            pub fn message(&self) -> ::core::option::Option<&'static str> {
                self.documentation().first().map(|doc| doc.message)
            }

            /// Every documented code that the reference gives with HTTP `status`.
            pub fn for_status(status: u16) -> impl ::core::iter::Iterator<Item = &'static $name> {
                Self::ALL
                    .iter()
                    .filter(move |code| code.http_statuses().contains(&status))
            }

            /// True for codes the reference does not document.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(code: &str) -> Self {
                $crate::ServiceErrorCode::from_code(code)
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(code: ::std::string::String) -> Self {
                $crate::ServiceErrorCode::from_code(&code)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(code: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(code))
            }
        }

        $crate::string_enum!(@text $name);

        impl $crate::ServiceErrorCode for $name {
            fn documented(code: &str) -> ::core::option::Option<Self> {
                Self::table()
                    .position(code)
                    .and_then(|i| Self::ALL.get(i).cloned())
            }

            fn undocumented(code: $crate::UnknownCode<Self>) -> Self {
                Self::Unknown(code)
            }

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }
    };
}
