// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title ReferenceERC721
/// @notice A plain OpenZeppelin ERC-721 with an open mint: the baseline the license registry's gas
/// figures are compared with (`chlom bench licenses`). Never deployed to a real chain.
contract ReferenceERC721 is ERC721 {
    constructor() ERC721("Reference", "REF") {}

    /// @notice Mints `tokenId` to `to`, as a plain collection's minter would.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
